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

/**
 * The best path to every reachable target (highest score; fewer hops, then ids, break ties).
 * Written for the hot path (hundreds of thousands of edges at M): no arrays made per edge, each
 * person's broker factor computed once, and a candidate path built only when it can win.
 */
export function bestPaths(input: SearchInput): Map<string, FoundPath> {
  const { viewer, maxHops } = input;
  const factors = new Map<string, number>();
  const factor = (id: string): number => {
    let f = factors.get(id);
    if (f === undefined) factors.set(id, (f = input.factor(id)));
    return f;
  };
  const n1 = new Map<string, number>();
  for (const e of input.hop1) {
    const other = e.from === viewer ? e.to : e.to === viewer ? e.from : null;
    if (other === null || other === viewer) continue;
    if (e.w > (n1.get(other) ?? -1)) n1.set(other, e.w);
  }

  // Best two 2-hop prefixes to every b through distinct brokers a, so that a path to t can avoid t.
  const n2 = new Map<string, Prefix[]>();
  const extend = (a: string, b: string, w: number): void => {
    const wa = n1.get(a);
    if (wa === undefined || b === viewer || b === a) return;
    const fa = factor(a);
    if (fa <= 0) return;
    offer(n2, b, a, wa * fa * w);
  };
  if (maxHops >= 3) {
    for (const e of input.hop2) {
      extend(e.from, e.to, e.w);
      extend(e.to, e.from, e.w);
    }
  }

  const best = new Map<string, FoundPath>();
  const consider = (target: string, score: number, nodes: () => string[]): void => {
    const current = best.get(target);
    // Clearly worse: no path object is made (ties go to better(), which compares hops and ids).
    if (current && current.score - score > SCORE_EPSILON) return;
    const path = { target, nodes: nodes(), score };
    if (!current || better(path, current)) best.set(target, path);
  };
  for (const t of input.targets) {
    if (t === viewer) continue;
    const direct = n1.get(t);
    if (direct !== undefined) consider(t, direct, () => [t]);
  }
  const reach = (m: string, t: string, w: number): void => {
    if (!input.targets.has(t) || t === viewer || m === t || m === viewer) return;
    const fm = factor(m);
    if (fm <= 0) return;
    const wm = n1.get(m);
    if (wm !== undefined) consider(t, wm * fm * w, () => [m, t]);
    if (maxHops >= 3) {
      const prefixes = n2.get(m);
      const prefix = prefixes && (prefixes[0].via !== t ? prefixes[0] : prefixes[1]);
      if (prefix) consider(t, prefix.score * fm * w, () => [prefix.via, m, t]);
    }
  };
  if (maxHops >= 2) {
    for (const e of input.toTarget) {
      reach(e.from, e.to, e.w);
      reach(e.to, e.from, e.w);
    }
  }
  return best;
}

/**
 * The best path to each reachable target, people by key. The in-memory index keeps its answer as
 * numbers and turns only the paths a caller takes into keys: at M a search reaches thousands of
 * targets, and making a key and a path for each was a sixth of its time.
 */
export interface FoundPaths {
  readonly size: number;
  has(target: string): boolean;
  /** Every target's key. */
  targets(): Iterable<string>;
  /** The k best, best first (as topPaths), of the targets `except` does not hold. */
  top(k: number, except?: FoundPaths): FoundPath[];
  /** How many targets `except` does not hold. */
  countExcept(except: FoundPaths): number;
  /** Every path (tests). */
  all(): FoundPath[];
}

/** FoundPaths over a Map (the row-by-row search's answer). */
export class MapPaths implements FoundPaths {
  constructor(private readonly map: Map<string, FoundPath>) {}

  get size(): number {
    return this.map.size;
  }

  has(target: string): boolean {
    return this.map.has(target);
  }

  targets(): Iterable<string> {
    return this.map.keys();
  }

  top(k: number, except?: FoundPaths): FoundPath[] {
    return topPaths(except ? this.all().filter((p) => !except.has(p.target)) : this.map.values(), k);
  }

  countExcept(except: FoundPaths): number {
    let n = 0;
    for (const key of this.map.keys()) if (!except.has(key)) n++;
    return n;
  }

  all(): FoundPath[] {
    return [...this.map.values()];
  }
}

/** The k best of the found paths, best first (warmer, then shorter, then by id), without sorting them all. */
export function topPaths(paths: Iterable<FoundPath>, k: number): FoundPath[] {
  return topBy(paths, k, better);
}

/** The k first of `items` in the order `before` gives, without sorting them all. */
export function topBy<T>(items: Iterable<T>, k: number, before: (a: T, b: T) => boolean): T[] {
  const top: T[] = [];
  if (k <= 0) return top;
  for (const p of items) {
    if (top.length === k && !before(p, top[k - 1])) continue;
    let at = top.length === k ? k - 1 : top.length;
    while (at > 0 && before(p, top[at - 1])) at--;
    if (top.length === k) top.pop();
    top.splice(at, 0, p);
  }
  return top;
}

/** Scores this close are equal: the same product multiplied in another order may differ in the last bit. */
export const SCORE_EPSILON = 1e-12;

export function better(a: FoundPath, b: FoundPath): boolean {
  if (Math.abs(a.score - b.score) > SCORE_EPSILON) return a.score > b.score;
  if (a.nodes.length !== b.nodes.length) return a.nodes.length < b.nodes.length;
  return a.nodes.join('/') < b.nodes.join('/');
}

/** Keeps the best two prefixes to `key` through distinct brokers, best first (then by broker id). */
function offer(map: Map<string, Prefix[]>, key: string, via: string, score: number): void {
  const list = map.get(key);
  if (!list) {
    map.set(key, [{ via, score }]);
    return;
  }
  const same = list[0].via === via ? 0 : list.length > 1 && list[1].via === via ? 1 : -1;
  if (same >= 0) {
    if (list[same].score >= score) return;
    list.splice(same, 1);
  }
  let at = 0;
  while (at < list.length && !(score > list[at].score || (score === list[at].score && via < list[at].via))) at++;
  if (at >= 2) return;
  list.splice(at, 0, { via, score });
  if (list.length > 2) list.length = 2;
}
