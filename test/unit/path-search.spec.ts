import { describe, expect, it } from '@jest/globals';
import { bestPaths, topPaths, type FoundPath, type SearchInput, type WeightedEdge } from '#libs/paths';
import { rng } from '../../bench/synthetic-network.js';

/**
 * bestPaths is written for speed (no per-edge allocations). Its oracle here is the plain version it
 * replaced, kept verbatim: on random graphs, with many ties, both must choose exactly the same paths.
 */
interface Prefix {
  via: string;
  score: number;
}
const EPS = 1e-12;
function plainBetter(a: FoundPath, b: FoundPath): boolean {
  if (Math.abs(a.score - b.score) > EPS) return a.score > b.score;
  if (a.nodes.length !== b.nodes.length) return a.nodes.length < b.nodes.length;
  return a.nodes.join('/') < b.nodes.join('/');
}
/** Every path sorted, best first. */
function plainRank(paths: FoundPath[]): FoundPath[] {
  return [...paths].sort((a, b) => (plainBetter(a, b) ? -1 : plainBetter(b, a) ? 1 : 0));
}
function plainOffer(map: Map<string, Prefix[]>, key: string, p: Prefix): void {
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
function plainBestPaths(input: SearchInput): Map<string, FoundPath> {
  const { viewer, maxHops, factor } = input;
  const n1 = new Map<string, number>();
  for (const e of input.hop1) {
    const other = e.from === viewer ? e.to : e.to === viewer ? e.from : null;
    if (other === null || other === viewer) continue;
    if (e.w > (n1.get(other) ?? -1)) n1.set(other, e.w);
  }
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
        plainOffer(n2, b, { via: a, score: wa * fa * e.w });
      }
    }
  }
  const best = new Map<string, FoundPath>();
  const consider = (path: FoundPath) => {
    const current = best.get(path.target);
    if (!current || plainBetter(path, current)) best.set(path.target, path);
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

/** A random neighbourhood: few weights and factors, so equal scores (the tie-breaks) are common. */
function randomInput(seed: number): SearchInput {
  const rnd = rng(seed);
  const people = 4 + Math.floor(rnd() * 30);
  const id = (i: number) => `p${i}`;
  const pick = () => id(Math.floor(rnd() * people));
  const weight = () => [0.25, 0.5, 0.5, 0.75, 1][Math.floor(rnd() * 5)];
  const edges = (n: number, from?: () => string): WeightedEdge[] =>
    Array.from({ length: n }, () => ({ from: from ? from() : pick(), to: pick(), w: weight() }));
  const viewer = id(0);
  const factors = new Map(Array.from({ length: people }, (_, i) => [id(i), [0, 0.5, 1, 1][Math.floor(rnd() * 4)]] as const));
  return {
    viewer,
    maxHops: 1 + Math.floor(rnd() * 3),
    hop1: edges(Math.floor(rnd() * 12), () => (rnd() < 0.8 ? viewer : pick())),
    hop2: edges(Math.floor(rnd() * 60)),
    toTarget: edges(Math.floor(rnd() * 60)),
    targets: new Set(Array.from({ length: Math.floor(rnd() * people) }, pick)),
    factor: (p) => factors.get(p) ?? 1,
  };
}

const sorted = (m: Map<string, FoundPath>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));

describe('bestPaths', () => {
  it('chooses exactly the paths the plain version chose, on 3,000 random neighbourhoods', () => {
    let found = 0;
    let threeHops = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const input = randomInput(seed);
      const fast = bestPaths(input);
      expect({ seed, best: sorted(fast) }).toEqual({ seed, best: sorted(plainBestPaths(input)) });
      found += fast.size;
      threeHops += [...fast.values()].filter((p) => p.nodes.length === 3).length;
    }
    // The comparison covered real answers, three-hop paths among them.
    expect(found).toBeGreaterThan(3000);
    expect(threeHops).toBeGreaterThan(300);
  });

  it('routes around the target as its own broker, and never through someone who cannot broker', () => {
    const factor = (p: string) => (p === 'x' ? 0 : 1);
    const best = bestPaths({
      viewer: 'v',
      maxHops: 3,
      hop1: [
        { from: 'v', to: 't', w: 0.2 },
        { from: 'v', to: 'a', w: 0.9 },
        { from: 'v', to: 'x', w: 1 },
      ],
      hop2: [
        { from: 't', to: 'm', w: 1 },
        { from: 'a', to: 'm', w: 0.5 },
        { from: 'x', to: 'm', w: 1 },
      ],
      toTarget: [{ from: 'm', to: 't', w: 0.8 }],
      targets: new Set(['t']),
      factor,
    });
    // Via t itself (0.2 x 1 x 0.8) and via x (cannot broker) are not paths; a -> m -> t is the best.
    expect(best.get('t')).toEqual({ target: 't', nodes: ['a', 'm', 't'], score: 0.9 * 0.5 * 0.8 });
  });

  it('takes the k best paths as a full sort would, ties and all', () => {
    const rnd = rng(99);
    for (let round = 0; round < 500; round++) {
      const n = Math.floor(rnd() * 40);
      const paths: FoundPath[] = Array.from({ length: n }, (_, i) => {
        const hops = 1 + Math.floor(rnd() * 3);
        // Few distinct scores, some a last bit apart: ties are broken by hops, then by the people's ids.
        const score = [0.5, 0.25, 0.5 + 1e-16, 0.9][Math.floor(rnd() * 4)];
        return {
          target: `t${i}`,
          nodes: Array.from({ length: hops }, () => `p${Math.floor(rnd() * 5)}`)
            .concat(`t${i}`)
            .slice(-hops),
          score,
        };
      });
      const k = Math.floor(rnd() * 12);
      expect(topPaths(paths, k)).toEqual(plainRank(paths).slice(0, k));
    }
  });
});
