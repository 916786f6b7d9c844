import { describe, expect, it } from '@jest/globals';
import { IndexPaths } from '#libs/path-index';
import { MapPaths, type FoundPath } from '#libs/paths';
import { rng } from '../../bench/synthetic-network.js';

/**
 * IndexPaths answers from numbers and makes keys only for the paths taken; MapPaths (the row
 * search's answer, over topPaths) is its model. Random answers with many ties in score and hops,
 * and keys of different lengths, so that the key order decides often.
 */
type Graph = { keyOf(i: number): string; indexOfKey(k: string): number | undefined };
function randomAnswer(rnd: () => number, keys: string[], graph?: Graph) {
  const g = graph ?? { keyOf: (i: number) => keys[i] ?? '', indexOfKey: (k: string) => (keys.indexOf(k) >= 0 ? keys.indexOf(k) : undefined) };
  const targets = keys.map((_, i) => i).filter(() => rnd() < 0.6);
  const scores = new Float64Array(targets.length);
  const lens = new Uint8Array(targets.length);
  const nodes = new Int32Array(3 * targets.length);
  const map = new Map<string, FoundPath>();
  targets.forEach((t, i) => {
    // Few distinct scores, some equal only within the epsilon.
    scores[i] = Math.floor(rnd() * 4) / 4 + (rnd() < 0.2 ? 1e-14 : 0);
    lens[i] = 1 + Math.floor(rnd() * 3);
    const path = Array.from({ length: lens[i] - 1 }, () => Math.floor(rnd() * keys.length)).concat(t);
    nodes.set(path, 3 * i);
    map.set(keys[t], { target: keys[t], nodes: path.map((p) => keys[p]), score: scores[i] });
  });
  return { index: new IndexPaths(g, Int32Array.from(targets), scores, lens, nodes), model: new MapPaths(map), g };
}

describe('IndexPaths', () => {
  it('gives the same paths, order, counts and membership as the Map it replaces', () => {
    const rnd = rng(20261203);
    let ties = 0;
    for (let round = 0; round < 300; round++) {
      const keys = Array.from({ length: 5 + Math.floor(rnd() * 30) }, (_, i) => `4:db:${Math.floor(rnd() * 3) === 0 ? i : i * 10}`);
      const unique = [...new Set(keys)];
      const a = randomAnswer(rnd, unique);
      // A second answer over the same graph, to leave out: as the index holds it, and as a Map.
      const b = randomAnswer(rnd, unique, a.g);
      const bShared = b.index;
      expect(a.index.size).toBe(a.model.size);
      expect([...a.index.targets()].sort()).toEqual([...a.model.targets()].sort());
      expect(a.index.all().sort((x, y) => (x.target < y.target ? -1 : 1))).toEqual(a.model.all().sort((x, y) => (x.target < y.target ? -1 : 1)));
      for (const key of unique) expect(a.index.has(key)).toBe(a.model.has(key));
      for (const k of [1, 3, 10, 50]) {
        expect(a.index.top(k)).toEqual(a.model.top(k));
        expect(a.index.top(k, b.model)).toEqual(a.model.top(k, b.model));
        expect(a.index.top(k, bShared)).toEqual(a.model.top(k, b.model));
      }
      expect(a.index.countExcept(b.model)).toBe(a.model.countExcept(b.model));
      expect(a.index.countExcept(bShared)).toBe(a.model.countExcept(b.model));
      const top = a.model.top(50);
      for (let i = 1; i < top.length; i++) if (Math.abs(top[i].score - top[i - 1].score) <= 1e-12 && top[i].nodes.length === top[i - 1].nodes.length) ties++;
    }
    // The key order was exercised, not only scores and hops.
    expect(ties).toBeGreaterThan(100);
  });

  it('makes no keys for paths it is not asked for', () => {
    let made = 0;
    const keys = Array.from({ length: 1000 }, (_, i) => `4:db:${i}`);
    const g = { keyOf: (i: number) => (made++, keys[i]), indexOfKey: (k: string) => keys.indexOf(k) };
    const n = keys.length;
    const scores = Float64Array.from({ length: n }, (_, i) => i / n);
    const nodes = new Int32Array(3 * n);
    keys.forEach((_, i) => (nodes[3 * i] = i));
    const paths = new IndexPaths(g, Int32Array.from(keys.keys()), scores, new Uint8Array(n).fill(1), nodes);
    expect(paths.top(3).map((p) => p.target)).toEqual(['4:db:999', '4:db:998', '4:db:997']);
    expect(made).toBe(3);
    expect(paths.size).toBe(1000);
    expect(made).toBe(3);
  });
});
