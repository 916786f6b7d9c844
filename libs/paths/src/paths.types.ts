import type { OccupationView, PersonView, RelationshipContext, WorkRoleView } from '#libs/network';

export interface IntroPathsQuery {
  work?: string | null;
  occupationCode?: string | null;
  /** Local person id (already decoded from its global id). */
  targetPersonId?: string | null;
  /** Employer or sector the targets work at or in ("Yorkshire Ambulance Service", "the NHS", "schools"). */
  organisation?: string | null;
  maxHops: number;
  first: number;
}

export interface PathStepView {
  person: PersonView | null;
  label: string;
  work: WorkRoleView | null;
  context: RelationshipContext;
  strength: number;
}

export interface IntroPathView {
  id: string;
  steps: PathStepView[];
  hops: number;
  score: number;
  explanation: string;
  /** The target does closely related work (same SOC minor group), not the work asked for. */
  related: boolean;
}

export interface IntroPathResultView {
  paths: IntroPathView[];
  reachableTargets: number;
  matchedOccupations: OccupationView[];
  alternativeOccupations: OccupationView[];
  relatedOccupations: OccupationView[];
  relatedTargets: number;
  searchedFor: string | null;
  organisation: string | null;
}
