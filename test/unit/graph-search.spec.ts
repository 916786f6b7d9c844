import { afterEach, describe, expect, it } from '@jest/globals';
import { loadConfig } from '#libs/config';
import { PathGraph, type PersonRecord } from '#libs/path-index';
import { PATH_LIMITS, PathHandles, PathsService, type FoundPaths, type IndexSource } from '#libs/paths';
import { rng } from '../../bench/synthetic-network.js';
import { GraphRows } from '../support/graph-rows.js';

/**
 * GraphSearch runs PathsService's search whole over the index's arrays. Its oracle is the row-by-row
 * search (PathsService with the same graph answering row by row, as Neo4j does): on random graphs
 * with many ties, broker states of every kind and tight budgets, both must choose exactly the same
 * path to every target, with the same score.
 */
const CODES = ['1111', '2222', '3333'];
const DAY = 24 * 3600 * 1000;

function randomGraph(rnd: () => number, n: number, now: number): PersonRecord[] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const ids = Array.from({ length: n }, (_, i) => `p${i}`);
  const records = new Map<string, PersonRecord>(
    ids.map((id) => {
      const account = rnd() < 0.6;
      return [
        id,
        {
          id,
          key: `k:${Math.floor(rnd() * 1e6)}:${id}`,
          account,
          volunteer: account && rnd() < 0.3,
          capacity: account ? pick([null, 0, 1, 2, 5]) : null,
          openAsks: pick([0, 0, 1, 3]),
          awayUntil: rnd() < 0.1 ? now + pick([-DAY, DAY, 10 * DAY]) : null,
          askLog: rnd() < 0.3 ? Array.from({ length: pick([1, 5, 12]) }, () => now - rnd() * 10 * DAY) : [],
          unansweredLog: rnd() < 0.2 ? [now - rnd() * 40 * DAY] : [],
          line: pick([0, 0, 1]),
          declines: rnd() < 0.2 ? [{ m: pick(ids), at: now - rnd() * 40 * DAY }] : [],
          open: rnd() < 0.2 ? [pick(ids)] : [],
          asked: rnd() < 0.2 ? [{ r: pick(ids), at: now - rnd() * 10 * DAY }] : [],
          // Up to three roles; a few members (p0-p4) record much of the work, so a viewer often holds
          // roles only they may use, and one person's roles doing one code often have several recorders.
          roles: Array.from({ length: pick([0, 0, 1, 1, 2, 3]) }, (_, r) => ({
            id: `r:${id}:${r}`,
            code: pick(CODES),
            rec: rnd() < 0.5 ? id : pick(ids.slice(0, 5)),
            lent: rnd() < 0.5,
            title: 'work',
            organisation: null,
            sector: null,
            location: null,
            createdAt: 1000,
            occupation: null,
          })),
          edges: [],
        },
      ];
    }),
  );
  const m = Math.floor(n * (1 + rnd() * 4));
  for (let e = 0; e < m; e++) {
    const a = pick(ids);
    const b = pick(ids);
    if (a === b) continue;
    // Coarse strengths and dates make equal scores common, so every tie-break is exercised.
    const strength = pick([0.5, 1, 1, 0.8]);
    const last = pick([null, now - 10 * DAY, now - 500 * DAY, now - 2000 * DAY]);
    const rec = rnd() < 0.9 ? a : pick(ids);
    const lent = rnd() < 0.5;
    const context = pick(['FRIEND', 'WORK']);
    records.get(a)!.edges.push({ q: b, qKey: records.get(b)!.key!, rec, lent, strength, last, context, out: true });
    records.get(b)!.edges.push({ q: a, qKey: records.get(a)!.key!, rec, lent, strength, last, context, out: false });
  }
  return [...records.values()];
}

function services(g: PathGraph) {
  const config = loadConfig({});
  const rows = new GraphRows(g);
  const keyOf = (id: string) => (g.indexOf(id) === undefined ? null : g.keyOf(g.indexOf(id)!));
  let titleKeys: string[] = [];
  const repo = Object.assign(rows, {
    targetsByTitle: async () => titleKeys,
    contactViews: async (_v: string, ids: string[]) => ids.map((id) => ({ id, person: { id, displayName: `name ${id}` } })),
    keysOf: async (ids: string[]) => ids.map(keyOf),
    idsOf: async (keys: string[]) => keys.map((k) => (g.indexOfKey(k) === undefined ? null : g.idOf(g.indexOfKey(k)!))),
    targetVisible: async () => true,
  });
  const occupations = { byCode: async (code: string) => ({ code, title: `Occupation ${code}` }) };
  const make = (index: IndexSource | null) =>
    new PathsService(
      repo as never,
      {} as never,
      occupations as never,
      new PathHandles(config),
      {} as never,
      config,
      index ? { sourceFor: async () => index } : null,
    );
  const byRows = make(null);
  byRows.engine = 'neo4j';
  return { byRows, byIndex: make(g), setTitles: (keys: string[]) => (titleKeys = keys) };
}

type Search = (
  viewerId: string,
  spec: object,
  maxHops: number,
  avoid: Set<string>,
  onlyWithRoom: boolean,
  askableOnly: boolean,
) => Promise<{ viewerKey: string | null; best: FoundPaths }>;
const searchOf = (s: PathsService) => (s as unknown as { search: Search }).search.bind(s);
const flat = (r: { viewerKey: string | null; best: FoundPaths }) => ({
  viewerKey: r.viewerKey,
  best: r.best
    .all()
    .map((p) => `${p.target} ${p.nodes.join('/')} ${p.score}`)
    .sort(),
  // The order callers take them in (ties by hops, then keys).
  top: r.best.top(5).map((p) => p.nodes.join('/')),
  size: r.best.size,
});

describe('GraphSearch against the row-by-row search', () => {
  const limits = { ...PATH_LIMITS };
  afterEach(() => {
    Object.assign(PATH_LIMITS, limits);
  });

  it('finds the same best path to every target on random graphs, ties, states and budgets included', async () => {
    const rnd = rng(20261202);
    const now = Date.now();
    let compared = 0;
    let nonEmpty = 0;
    for (let round = 0; round < 120; round++) {
      const g = new PathGraph();
      const records = randomGraph(rnd, 10 + Math.floor(rnd() * 60), now);
      g.apply(records);
      const { byRows, byIndex, setTitles } = services(g);
      // Tight budgets in some rounds: the per-broker limit, the hop-2 budget and the frontier switch all bind.
      const tight = round % 3 === 0;
      // (A per-broker limit above the budget too: the strongest broker is expanded even when alone over it.)
      Object.assign(
        PATH_LIMITS,
        tight ? { hop2PerBroker: [1, 2, 6][round % 9 === 0 ? 2 : round % 2], hop2Budget: [3, 5][round % 2], targetSideMaxRoles: [1, 3][round % 2] } : limits,
      );
      for (let k = 0; k < 12; k++) {
        const viewer = rnd() < 0.5 ? `p${Math.floor(rnd() * 5)}` : records[Math.floor(rnd() * records.length)].id;
        const other = records[Math.floor(rnd() * records.length)];
        const titles = rnd() < 0.3 ? records.filter(() => rnd() < 0.2).map((r) => r.key!) : [];
        setTitles(titles);
        const spec =
          rnd() < 0.25
            ? { codes: [], titleQuery: null, personId: other.id, matched: [] }
            : {
                codes: rnd() < 0.2 ? CODES.slice(0, 2) : [CODES[Math.floor(rnd() * CODES.length)]],
                titleQuery: titles.length ? 'work' : null,
                personId: null,
                matched: [],
              };
        const avoid = new Set(rnd() < 0.3 ? records.filter(() => rnd() < 0.15).map((r) => r.key!) : []);
        const maxHops = 1 + Math.floor(rnd() * 3);
        const onlyWithRoom = rnd() < 0.2;
        const askableOnly = rnd() < 0.2;
        const want = flat(await searchOf(byRows)(viewer, spec, maxHops, avoid, onlyWithRoom, askableOnly));
        const got = flat(await searchOf(byIndex)(viewer, spec, maxHops, avoid, onlyWithRoom, askableOnly));
        expect(got).toEqual(want);
        compared++;
        if (want.best.length) nonEmpty++;
      }
    }
    expect(compared).toBe(1440);
    // Many questions reach someone (about half): the comparison is about real paths, not empty answers.
    expect(nonEmpty).toBeGreaterThan(compared / 3);
  });

  it('describes the same paths through introPaths and offers the same alternative path', async () => {
    const rnd = rng(7);
    const now = Date.now();
    for (let round = 0; round < 30; round++) {
      const g = new PathGraph();
      const records = randomGraph(rnd, 40, now);
      g.apply(records);
      const { byRows, byIndex } = services(g);
      for (let k = 0; k < 5; k++) {
        const viewer = records[Math.floor(rnd() * records.length)].id;
        const who = { sub: viewer, personId: viewer, roles: ['MEMBER' as const] };
        const input = { occupationCode: CODES[k % CODES.length], maxHops: 3, first: 5 };
        // Handles are sealed with a fresh nonce each time: compared by the people they carry.
        const handles = new PathHandles(loadConfig({}));
        const strip = (r: Awaited<ReturnType<PathsService['introPaths']>>) => ({
          ...r,
          paths: r.paths.map(({ id, ...p }) => ({ ...p, people: handles.open(id, viewer).nodes })),
        });
        expect(strip(await byIndex.introPaths(who, input))).toEqual(strip(await byRows.introPaths(who, input)));
        const target = records[Math.floor(rnd() * records.length)].id;
        const avoid = records.filter(() => rnd() < 0.1).map((r) => r.id);
        const onlyWithRoom = rnd() < 0.5;
        expect(await byIndex.alternativePath(viewer, target, avoid, { onlyWithRoom })).toEqual(
          await byRows.alternativePath(viewer, target, avoid, { onlyWithRoom }),
        );
      }
    }
  });
});
