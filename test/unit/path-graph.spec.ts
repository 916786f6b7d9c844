import { describe, expect, it } from '@jest/globals';
import { PathGraph, type PersonRecord, type RoleRecord } from '#libs/path-index';

const person = (id: string, over: Partial<PersonRecord> = {}): PersonRecord => ({
  id,
  key: `k:${id}`,
  account: false,
  volunteer: false,
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
/** A relationship of the record's person with q; whoever recorded it is its start node. */
const edge = (q: string, rec: string, strength: number, lent = false, context: string | null = 'FRIEND') => ({
  q,
  qKey: `k:${q}`,
  rec,
  lent,
  strength,
  last: null,
  context,
  out: rec !== q,
});
const role = (code: string | null, rec: string, over: Partial<RoleRecord> = {}): RoleRecord => ({
  id: `${rec}-${code}`,
  code,
  rec,
  lent: true,
  title: `work ${code}`,
  organisation: null,
  sector: null,
  location: null,
  createdAt: 1000,
  occupation: code ? { code, title: `Occupation ${code}` } : null,
  ...over,
});

/** Every half-edge of every person, as [owner, neighbour, strength, flags], sorted. */
function halfEdges(g: PathGraph): [string, string, number, number][] {
  const out: [string, string, number, number][] = [];
  for (let i = 0; i < g.slots; i++) {
    const id = g.idOf(i);
    if (!id) continue;
    const v = g.edges.view(i);
    for (let at = v.from; at < v.to; at++) out.push([id, g.idOf(v.nbr[at]), v.str[at], v.fl[at]]);
  }
  return out.sort((a, b) => (a.join() < b.join() ? -1 : 1));
}

describe('PathGraph patches', () => {
  it('mirrors a person’s relationships into their neighbours’ lists, whichever end the change names', () => {
    const g = new PathGraph();
    g.apply([person('a', { edges: [edge('b', 'a', 0.5, true), edge('c', 'c', 0.7)] })]);
    // b and c were first seen as neighbours: their own data is asked for.
    // Flags: 1 recorded by this end, 2 by the other, 4 lent, 8 this end starts the relationship.
    expect(halfEdges(g)).toEqual([
      ['a', 'b', 0.5, 1 | 4 | 8],
      ['a', 'c', 0.7, 2],
      ['b', 'a', 0.5, 2 | 4],
      ['c', 'a', 0.7, 1 | 8],
    ]);
    // c's record drops the edge to a: a's list follows without a's record.
    g.apply([person('c')]);
    expect(halfEdges(g)).toEqual([
      ['a', 'b', 0.5, 1 | 4 | 8],
      ['b', 'a', 0.5, 2 | 4],
    ]);
  });

  it('removes a person who is gone from every list, and from the paths found', () => {
    const g = new PathGraph();
    g.apply([
      person('v', { account: true, edges: [edge('x', 'v', 0.9)] }),
      person('x', { account: true, capacity: 2, edges: [edge('v', 'v', 0.9), edge('t', 'x', 0.8, true)] }),
      person('t', { roles: [role('2255', 't')], edges: [edge('x', 'x', 0.8, true)] }),
    ]);
    const ask = () =>
      g.search({
        viewerId: 'v',
        maxHops: 3,
        codes: ['2255'],
        targetId: null,
        titleKeys: [],
        avoid: new Set(),
        rules: { nowMs: Date.now(), weeklyLimit: 10, shareOpen: 1, shareWeekly: 2 },
      });
    const found = ask();
    expect(found.viewerKey).toBe('k:v');
    // No last contact: each edge weighs 0.95 of its strength; x has room (capacity 2, nothing open).
    expect(found.best.all()).toEqual([{ target: 'k:t', nodes: ['k:x', 'k:t'], score: 0.9 * 0.95 * 0.8 * 0.95 }]);
    g.apply([{ ...person('t'), key: null }]);
    expect(halfEdges(g)).toEqual([
      ['v', 'x', 0.9, 1 | 8],
      ['x', 'v', 0.9, 2],
    ]);
    expect(ask().best.size).toBe(0);
  });

  it('keeps every relationship when its patches are folded back into compressed rows', async () => {
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
    expect(await g.compact()).toBe(false);
    expect(g.edges.bytes()).toBeLessThan(100);
    // More than 1,000 people patched: the rows are rebuilt, and say the same as the patches did.
    g.apply(records.slice(900));
    const patched = halfEdges(g);
    expect(await g.compact()).toBe(true);
    expect(g.edges.bytes()).toBeGreaterThan(2 * n * 22);
    expect(halfEdges(g)).toEqual(patched);
    const want: [string, string, number, number][] = [];
    for (let i = 0; i < n; i++) {
      const lent = i % 2 === 0 ? 4 : 0;
      want.push([`p${i}`, `p${(i + 1) % n}`, strength(i), 1 | 8 | lent], [`p${(i + 1) % n}`, `p${i}`, strength(i), 2 | lent]);
    }
    expect(halfEdges(g)).toEqual(want.sort((a, b) => (a.join() < b.join() ? -1 : 1)));
    expect(g.edges.size()).toBe(2 * n);
  });

  it('describes the steps of a path from memory, and leaves the viewer’s own contacts for their view', async () => {
    const g = new PathGraph();
    g.apply([
      person('v', { account: true, edges: [edge('x', 'v', 0.9, false, 'EX_COLLEAGUE')] }),
      person('x', {
        account: true,
        volunteer: true,
        edges: [edge('v', 'v', 0.9, false, 'EX_COLLEAGUE'), edge('t', 'x', 0.8, true, 'NEIGHBOUR'), edge('u', 'u', 0.5, false, 'FRIEND')],
      }),
      person('t', {
        roles: [
          role(null, 'x', { id: 'r1', createdAt: 500 }),
          role('2255', 'x', { id: 'r3', createdAt: 900, title: 'Paramedic (r3)' }),
          role('2255', 'x', { id: 'r2', createdAt: 900, title: 'Paramedic (r2)' }),
          role('3111', 'u', { id: 'r0', createdAt: 1, lent: false }),
        ],
        edges: [edge('x', 'x', 0.8, true, 'NEIGHBOUR')],
      }),
      person('u', { edges: [edge('x', 'u', 0.5, false, 'FRIEND')] }),
    ]);
    expect(
      await g.stepEdges('v', [
        ['k:v', 'k:x'],
        ['k:x', 'k:t'],
        ['k:x', 'k:u'],
      ]),
    ).toEqual([
      { a: 'k:v', b: 'k:x', strength: 0.9, last: null, context: 'EX_COLLEAGUE', byVolunteer: false },
      { a: 'k:x', b: 'k:t', strength: 0.8, last: null, context: 'NEIGHBOUR', byVolunteer: true },
      // x–u was recorded by u and not lent: not usable by v, so not described.
    ]);
    const people = await g.stepPeople('v', ['k:x', 'k:t'], ['2255']);
    expect(people).toEqual([
      { key: 'k:x', id: 'x', person: null, needsView: true, isVolunteer: true, work: null },
      {
        key: 'k:t',
        id: 't',
        person: null,
        needsView: false,
        isVolunteer: false,
        // The wanted work first, then the earliest, then by id; u's unlent role is not v's to see.
        work: {
          title: 'Paramedic (r2)',
          organisation: null,
          sector: null,
          location: null,
          current: true,
          occupation: { code: '2255', title: 'Occupation 2255' },
        },
      },
    ]);
    expect((await g.stepPeople('v', ['k:t'], []))[0].work?.title).toBe('work null');
    expect((await g.stepPeople('u', ['k:t'], ['9999']))[0].work?.occupation?.code).toBe('3111');
  });

  it('applies broker state alone without touching relationships or work, and asks for whole records of people it does not hold', () => {
    const g = new PathGraph();
    g.apply([person('b', { account: true, capacity: 3, roles: [role('2255', 'b')], edges: [edge('m', 'm', 0.9, true)] })]);
    const before = halfEdges(g);
    const now = Date.now();
    const unseen = g.applyStates([
      {
        id: 'b',
        key: 'k:b',
        account: true,
        capacity: 1,
        openAsks: 1,
        awayUntil: null,
        askLog: [now - 1000],
        unansweredLog: [],
        line: 2,
        declines: [{ m: 'm', at: now - 1000 }],
        open: ['m'],
        asked: [{ r: 'm', at: now - 1000 }],
      },
      {
        id: 'stranger',
        key: 'k:stranger',
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
      },
    ]);
    expect(unseen).toEqual(['stranger']);
    expect(g.state(g.indexOf('b')!, 'm', now)).toEqual({
      isAccount: true,
      brokerCapacity: 1,
      openAsks: 1,
      recentDeclines: 1,
      unanswered: 0,
      weekAsks: 1,
      line: 2,
      awayUntil: null,
      viewerOpen: 1,
      viewerWeek: 1,
    });
    expect(halfEdges(g)).toEqual(before);
  });
});
