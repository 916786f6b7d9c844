import type { OccupationView, PersonView, RelationshipContext, WorkRoleView } from '#libs/network';

export interface IntroPathsQuery {
  work?: string | null;
  occupationCode?: string | null;
  /** Local person id (already decoded from its global id). */
  targetPersonId?: string | null;
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
}

export interface IntroPathResultView {
  paths: IntroPathView[];
  reachableTargets: number;
  matchedOccupations: OccupationView[];
}
