import type { EdgeRow, HopRow, StepEdgeRow, StepPersonRow, TargetEdgeRow } from './paths.repository.js';

/**
 * What the path search reads, from Neo4j (PathsRepository) or from a replica's in-memory index.
 * Both answer with the same rows, so ranking, privacy rules and bounds are one code path.
 */
export interface PathSource {
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
  /** Describing the chosen paths: the usable relationships of each step. */
  stepEdges(viewerId: string, pairs: [string, string][]): Promise<StepEdgeRow[]>;
  /** Describing the chosen paths: the people on them (rows with needsView still need the viewer's view of a contact). */
  stepPeople(viewerId: string, keys: string[], codes: string[]): Promise<StepPersonRow[]>;
}

/** Provided by the path index module where it runs (the API); absent elsewhere, and then Neo4j answers. */
export interface PathIndexPort {
  /** The index when it can answer for this viewer now (built, and caught up with their own last write); else null. */
  sourceFor(viewerId: string): Promise<PathSource | null>;
}

export const PATH_INDEX = Symbol('PATH_INDEX');
