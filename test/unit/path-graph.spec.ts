import { describe, expect, it } from '@jest/globals';
import { PathGraph, type PersonRecord } from '#libs/path-index';

const person = (id: string, over: Partial<PersonRecord> = {}): PersonRecord => ({
  id,
  key: `k:${id}`,
  account: false,
  capacity: null,
  openAsks: 0,
  awayUntil: null,
  askLog: [],
  unansweredLog: [],
  line: 0,
  declines: [],
  open: [],
  asked: [],
  roles: [],
  edges: [],
  ...over,
});
const edge = (q: string, rec: string, strength: number, lent = false) => ({ q, qKey: `k:${q}`, rec, lent, strength, last: null });

/** Every half-edge of every person, as [owner, neighbour, strength, flags], sorted. */
function halfEdges(g: PathGraph): [string, string, number, number][] {
  const out: [string, string, number, number][] = [];
  g.ids.forEach((id, i) => {
    if (!id) return;
    const v = g.edges.view(i);
    for (let at = v.from; at < v.to; at++) out.push([id, g.ids[v.nbr[at]], v.str[at], v.fl[at]]);
  });
  return out.sort((a, b) => (a.join() < b.join() ? -1 : 1));
}

describe('PathGraph patches', () => {
  it('mirrors a person’s relationships into their neighbours’ lists, whichever end the change names', () => {
    const g = new PathGraph();
    g.apply([person('a', { edges: [edge('b', 'a', 0.5, true), edge('c', 'c', 0.7)] })]);
    // b and c were first seen as neighbours: their own data is asked for.
    expect(halfEdges(g)).toEqual([
      ['a', 'b', 0.5, 1 | 4],
      ['a', 'c', 0.7, 2],
      ['b', 'a', 0.5, 2 | 4],
      ['c', 'a', 0.7, 1],
    ]);
    // c's record drops the edge to a: a's list follows without a's record.
    g.apply([person('c')]);
    expect(halfEdges(g)).toEqual([
      ['a', 'b', 0.5, 1 | 4],
      ['b', 'a', 0.5, 2 | 4],
    ]);
  });

  it('removes a person who is gone from every list, and answers rows like the repository', async () => {
    const g = new PathGraph();
    g.apply([
      person('v', { account: true, edges: [edge('x', 'v', 0.9)] }),
      person('x', { account: true, capacity: 2, edges: [edge('v', 'v', 0.9), edge('t', 'x', 0.8, true)] }),
      person('t', { roles: [{ code: '2255', rec: 't', lent: true }], edges: [edge('x', 'x', 0.8, true)] }),
    ]);
    const hop1 = await g.hop1('v', Date.now());
    expect(hop1).toEqual([expect.objectContaining({ a: 'k:v', b: 'k:x', strength: 0.9, isAccount: true, brokerCapacity: 2, degree: 2 })]);
    const side = await g.targetSide('v', ['2255'], 10, ['k:v', 'k:x'], Date.now());
    expect(side.targets).toEqual(['k:t']);
    expect(side.edges).toEqual([expect.objectContaining({ a: 'k:x', b: 'k:t', strength: 0.8 })]);
    g.apply([{ ...person('t'), key: null }]);
    expect(halfEdges(g)).toEqual([
      ['v', 'x', 0.9, 1],
      ['x', 'v', 0.9, 2],
    ]);
    expect((await g.targetSide('v', ['2255'], 10, ['k:v', 'k:x'], Date.now())).targets).toEqual([]);
  });

  it('keeps every relationship when its patches are folded back into compressed rows', () => {
    const g = new PathGraph();
    const n = 1500;
    const strength = (i: number) => ((i % 10) + 1) / 10;
    // A ring: each record holds both of the person's relationships (the one they recorded and the one to them).
    const prev = (i: number) => (i + n - 1) % n;
    const records = Array.from({ length: n }, (_, i) =>
      person(`p${i}`, {
        edges: [edge(`p${(i + 1) % n}`, `p${i}`, strength(i), i % 2 === 0), edge(`p${prev(i)}`, `p${prev(i)}`, strength(prev(i)), prev(i) % 2 === 0)],
      }),
    );
    g.apply(records.slice(0, 900));
    expect(g.edges.bytes()).toBeLessThan(100);
    // More than 1,000 people patched: the rows are rebuilt.
    g.apply(records.slice(900));
    expect(g.edges.bytes()).toBeGreaterThan(2 * n * 21);
    const want: [string, string, number, number][] = [];
    for (let i = 0; i < n; i++) {
      const lent = i % 2 === 0 ? 4 : 0;
      want.push([`p${i}`, `p${(i + 1) % n}`, strength(i), 1 | lent], [`p${(i + 1) % n}`, `p${i}`, strength(i), 2 | lent]);
    }
    expect(halfEdges(g)).toEqual(want.sort((a, b) => (a.join() < b.join() ? -1 : 1)));
    expect(g.edges.size()).toBe(2 * n);
  });
});
