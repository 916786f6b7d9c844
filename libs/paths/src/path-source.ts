import type { AvailabilityRules } from './path-scoring.js';
import type { FoundPaths } from './path-search.js';
import type { EdgeRow, HopRow, StepEdgeRow, StepPersonRow, TargetEdgeRow } from './paths.repository.js';

/** Describing the chosen paths, from Neo4j or from the index. */
export interface PathDescriber {
  /** The usable relationships of each step. */
  stepEdges(viewerId: string, pairs: [string, string][]): Promise<StepEdgeRow[]>;
  /** The people on them (rows with needsView still need the viewer's view of a contact). */
  stepPeople(viewerId: string, keys: string[], codes: string[]): Promise<StepPersonRow[]>;
}

/**
 * What the row-by-row search reads from Neo4j (PathsRepository): each expansion bounded by the
 * caller, ranked by bestPaths.
 */
export interface PathSource extends PathDescriber {
  hop1(viewerId: string, nowMs: number): Promise<(HopRow & { degree: number })[]>;
  hop2(viewerKey: string, brokerKeys: string[], perBrokerLimit: number): Promise<EdgeRow[]>;
  keyOf(personId: string): Promise<string | null>;
  targetSide(
    viewerId: string,
    codes: string[],
    cap: number,
    middleKeys: string[],
    nowMs: number,
  ): Promise<{ tooMany: boolean; targets: string[]; edges: TargetEdgeRow[] }>;
  targetEdges(viewerId: string, targetKeys: string[], middleKeys: string[], nowMs: number): Promise<TargetEdgeRow[]>;
  frontierTargetEdges(viewerId: string, middleKeys: string[], codes: string[], nowMs: number): Promise<TargetEdgeRow[]>;
}

/** One search, whole: targets by person id, work codes and role-title keys, people (by key) to avoid. */
export interface GraphQuery {
  viewerId: string;
  maxHops: number;
  codes: string[];
  targetId: string | null;
  titleKeys: string[];
  avoid: Set<string>;
  rules: AvailabilityRules;
}

export interface GraphAnswer {
  /** The viewer's key, when they have any usable edge. */
  viewerKey: string | null;
  /** Best path per reachable target, people by key. */
  best: FoundPaths;
}

/**
 * The in-memory index: the same search as the rows give (same reads, ranking, privacy rules and
 * bounds), run at once over its arrays.
 */
export interface IndexSource extends PathDescriber {
  search(q: GraphQuery): GraphAnswer;
}

/** Provided by the path index module where it runs (the API); absent elsewhere, and then Neo4j answers. */
export interface PathIndexPort {
  /** The index when it can answer for this viewer now (built, and caught up with their own last write); else null. */
  sourceFor(viewerId: string): Promise<IndexSource | null>;
}

export const PATH_INDEX = Symbol('PATH_INDEX');
