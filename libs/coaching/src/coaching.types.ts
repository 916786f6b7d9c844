import type { PersonView, WorkGoalView } from '#libs/network';
import type { IntroOutcome } from '#libs/introductions';

export interface MemberProgressView {
  member: PersonView;
  goals: WorkGoalView[];
  networkSize: number;
  networkGrowth30d: number;
  reachToGoalWork: number;
  /** When reachToGoalWork was computed (it is cached: see COACH_REACH_MAX_AGE_SECONDS). */
  reachComputedAt: string;
  introsRequested: number;
  introsMade: number;
  meetings: number;
  outcomes: IntroOutcome[];
  lastActivityAt: string | null;
  stalled: boolean;
  /** When the coach was nudged about the current stall. */
  nudgedAt: string | null;
  /** For the member's coach only: notes from people who declined an introduction and allowed their coach to see them. */
  sharedDeclineNotes: string[] | null;
}

export interface CaseloadView {
  coach: PersonView;
  capacity: number;
  load: number;
  members: { items: { cursor: string; view: MemberProgressView }[]; hasNextPage: boolean; totalCount: number };
}

export const NOTE_VISIBILITIES = ['PRIVATE', 'SHARED_WITH_MEMBER'] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];

export interface CoachNoteView {
  id: string;
  member: PersonView;
  author: PersonView;
  body: string;
  visibility: NoteVisibility;
  createdAt: string;
  updatedAt: string | null;
}
