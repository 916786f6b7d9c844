import type { PersonView, RelationshipContext, WorkRoleView } from '#libs/network';
import type { IntroPathView, PathStepView } from '#libs/paths';
import type { IntroOutcome, IntroStatus } from './intro-state.js';

export type StepState = 'PENDING' | 'WAITING' | 'ASKED' | 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'CANCELLED';

/** What the graph holds for a request, before it is shaped for a viewer. */
export interface RequestRecord {
  id: string;
  requesterId: string;
  targetId: string;
  status: IntroStatus;
  message: string;
  currentStep: number | null;
  outcome: IntroOutcome | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
  nextPath: string[] | null;
  nextPathScore: number | null;
  /** Set when the request was moved to another path automatically: the request that goes on. */
  movedTo?: string | null;
  /** Steps the request was made with; fewer in `steps` means a step person was deleted. */
  stepCount: number | null;
  steps: StepRecord[];
  events: EventRecord[];
  /** Everyone who has been asked on this request (the persistent ASKED relationships). */
  askedIds: string[];
}

export interface StepRecord {
  index: number;
  personId: string;
  personIsAccount: boolean;
  /** The requester's words for this step when the request was made (names only the requester's contacts). */
  label: string;
  work: WorkRoleView | null;
  context: RelationshipContext;
  strength: number;
  recordedBy: string;
  state: StepState;
  askeeId: string | null;
  attempt: number;
}

export type EventKind =
  | 'REQUESTED'
  | 'ASKED'
  | 'WAITING'
  | 'REMINDED'
  | 'ACCEPTED'
  | 'DECLINED'
  | 'EXPIRED'
  | 'WITHDRAWN'
  | 'INTRODUCED'
  | 'MET'
  | 'CLOSED'
  | 'REROUTE_OFFERED'
  | 'ALTERNATIVE_OFFERED'
  | 'UNANSWERED'
  | 'MOVED'
  | 'NO_REROUTE';

export interface EventRecord {
  seq: number;
  at: string;
  kind: EventKind;
  status: IntroStatus;
  actorId: string | null;
  step: number | null;
  note: string | null;
}

export interface IntroEventView {
  at: string;
  status: IntroStatus;
  actorLabel: string;
  note: string | null;
}

export interface IntroContactView {
  person: PersonView;
  email: string | null;
  phone: string | null;
  /** The LinkedIn URL the relaying recorder noted, when there is one. */
  linkedinUrl: string | null;
}

export interface IntroductionView {
  id: string;
  status: IntroStatus;
  requester: PersonView;
  steps: PathStepView[];
  message: string;
  currentStep: number | null;
  history: IntroEventView[];
  outcome: IntroOutcome | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
  /** For the requester once INTRODUCED: the target's contact details; for the target: the requester's. */
  introducedContact: IntroContactView | null;
  /** For the requester after a decline or expiry: another path to the same person, to confirm with requestIntroduction. */
  nextPath: IntroPathView | null;
  /** For the requester: the request this one was moved to (automatic re-routing); null otherwise. */
  movedTo: string | null;
  /** For the viewer: is an ask waiting for their answer? */
  awaitingMyAnswer: boolean;
  /** For a broker relaying consent: the person they answer for. */
  answerOnBehalfOf: PersonView | null;
}

export interface IntroductionPage {
  items: { cursor: string; view: IntroductionView }[];
  hasNextPage: boolean;
  totalCount: number;
}
