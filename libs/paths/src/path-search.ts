/**
 * Meet-in-the-middle search over a viewer's neighbourhood, exact for simple paths of up to
 * three hops. Inputs are undirected usable edges already weighted; the caller fetched:
 *   hop1     viewer -> a            (the viewer's usable edges)
 *   hop2     a -> b                 (usable edges out of hop-1 people)
 *   toTarget m -> t                 (usable edges into target people, m anywhere)
 * and a broker factor for every person that may stand in the middle of a path.
 */

export interface WeightedEdge {
  from: string;
  to: string;
  w: number;
}

export interface FoundPath {
  target: string;
  /** People after the viewer, ending with the target. */
  nodes: string[];
  score: number;
}

interface Prefix {
  via: string;
  score: number;
}

export interface SearchInput {
  viewer: string;
  maxHops: number;
  hop1: WeightedEdge[];
  hop2: WeightedEdge[];
  toTarget: WeightedEdge[];
  targets: Set<string>;
  factor: (personId: string) => number;
}

/** The best path to every reachable target (highest score; fewer hops, then ids, break ties). */
export function bestPaths(input: SearchInput): Map<string, FoundPath> {
  const { viewer, maxHops, factor } = input;
  const n1 = new Map<string, number>();
  for (const e of input.hop1) {
    const other = e.from === viewer ? e.to : e.to === viewer ? e.from : null;
    if (other === null || other === viewer) continue;
    if (e.w > (n1.get(other) ?? -1)) n1.set(other, e.w);
  }

  // Best two 2-hop prefixes to every b through distinct brokers a, so that a path to t can avoid t.
  const n2 = new Map<string, Prefix[]>();
  if (maxHops >= 3) {
    for (const e of input.hop2) {
      for (const [a, b] of [
        [e.from, e.to],
        [e.to, e.from],
      ] as const) {
        const wa = n1.get(a);
        if (wa === undefined || b === viewer || b === a) continue;
        const fa = factor(a);
        if (fa <= 0) continue;
        offer(n2, b, { via: a, score: wa * fa * e.w });
      }
    }
  }

  const best = new Map<string, FoundPath>();
  const consider = (path: FoundPath) => {
    const current = best.get(path.target);
    if (!current || better(path, current)) best.set(path.target, path);
  };
  for (const t of input.targets) {
    if (t === viewer) continue;
    const direct = n1.get(t);
    if (direct !== undefined) consider({ target: t, nodes: [t], score: direct });
  }
  if (maxHops >= 2) {
    for (const e of input.toTarget) {
      for (const [m, t] of [
        [e.from, e.to],
        [e.to, e.from],
      ] as const) {
        if (!input.targets.has(t) || t === viewer || m === t || m === viewer) continue;
        const fm = factor(m);
        if (fm <= 0) continue;
        const wm = n1.get(m);
        if (wm !== undefined) consider({ target: t, nodes: [m, t], score: wm * fm * e.w });
        if (maxHops >= 3) {
          const prefix = n2.get(m)?.find((p) => p.via !== t);
          if (prefix) consider({ target: t, nodes: [prefix.via, m, t], score: prefix.score * fm * e.w });
        }
      }
    }
  }
  return best;
}

/** Orders found paths best first: warmer, then shorter, then by id for a stable order. */
export function rankPaths(paths: Iterable<FoundPath>): FoundPath[] {
  return [...paths].sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
}

/** Scores this close are equal: the same product multiplied in another order may differ in the last bit. */
const SCORE_EPSILON = 1e-12;

function better(a: FoundPath, b: FoundPath): boolean {
  if (Math.abs(a.score - b.score) > SCORE_EPSILON) return a.score > b.score;
  if (a.nodes.length !== b.nodes.length) return a.nodes.length < b.nodes.length;
  return a.nodes.join('/') < b.nodes.join('/');
}

function offer(map: Map<string, Prefix[]>, key: string, p: Prefix): void {
  const list = map.get(key) ?? [];
  const same = list.findIndex((x) => x.via === p.via);
  if (same >= 0) {
    if (list[same].score >= p.score) return;
    list.splice(same, 1);
  }
  list.push(p);
  list.sort((x, y) => y.score - x.score || (x.via < y.via ? -1 : 1));
  if (list.length > 2) list.length = 2;
  map.set(key, list);
}
