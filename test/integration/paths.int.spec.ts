import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Viewer } from '#libs/auth';
import { DomainError } from '#libs/common';
import { ConfigModule } from '#libs/config';
import { GraphModule, Neo4jService } from '#libs/graph';
import { brokerFactor, edgeWeight, PATH_LIMITS, PathHandles, PathsModule, PathsService } from '#libs/paths';
import { rng } from '../../bench/synthetic-network.js';
import { GraphBuilder } from '../support/graph-builder.js';

@Module({ imports: [ConfigModule, GraphModule, PathsModule] })
class TestModule {}

let app: INestApplicationContext;
let neo4j: Neo4jService;
let paths: PathsService;
let handles: PathHandles;

beforeAll(async () => {
  app = await NestFactory.createApplicationContext(TestModule, { logger: ['error'] });
  neo4j = app.get(Neo4jService);
  paths = app.get(PathsService);
  handles = app.get(PathHandles);
});
afterAll(async () => {
  await app.close();
});

const viewerOf = (g: GraphBuilder, name: string): Viewer => ({ sub: g.id(name), personId: g.id(name), roles: ['MEMBER'] });
const PARAMEDIC = '2255';

async function run(g: GraphBuilder, viewer: string, maxHops = 3, first = 50, occupationCode = PARAMEDIC) {
  const v = viewerOf(g, viewer);
  const result = await paths.introPaths(v, { occupationCode, maxHops, first });
  return {
    ...result,
    found: result.paths.map((p) => ({ ...p, nodes: handles.open(p.id, v.personId).nodes.map((id) => id.slice(g.prefix.length + 1)) })),
  };
}

describe('hand-built graphs with known best paths', () => {
  it('finds a direct contact doing the work, then warmer longer paths ranked by score', async () => {
    const g = new GraphBuilder()
      .person('viewer', { account: { lends: false } })
      .person('amy', { roles: [{ code: PARAMEDIC, recordedBy: 'viewer' }] })
      .person('ben', { account: { lends: true, volunteer: true } })
      .person('cat', { account: { lends: true } })
      .person('tom', { account: { lends: false }, roles: [{ code: PARAMEDIC }] })
      .knows('viewer', 'amy', 0.3)
      .knows('viewer', 'ben', 0.9)
      .knows('ben', 'cat', 0.9)
      .knows('cat', 'tom', 0.9);
    await g.write(neo4j);
    const r = await run(g, 'viewer');
    expect(r.found.map((p) => [p.nodes, p.hops])).toEqual([
      [['ben', 'cat', 'tom'], 3],
      [['amy'], 1],
    ]);
    expect(r.found[0].score).toBeCloseTo(0.729, 10);
    expect(r.found[1].score).toBeCloseTo(0.3, 10);
    expect(r.reachableTargets).toBe(2);
    const two = await run(g, 'viewer', 2);
    expect(two.found.map((p) => p.nodes)).toEqual([['amy']]);
    const firstOnly = await run(g, 'viewer', 3, 1);
    expect(firstOnly.paths).toHaveLength(1);
    expect(firstOnly.reachableTargets).toBe(2);
  });

  it('never uses a relationship whose recorder does not lend their network', async () => {
    const g = new GraphBuilder()
      .person('viewer', { account: { lends: false } })
      .person('mia', { account: { lends: false } })
      .person('tom', { account: { lends: false }, roles: [{ code: PARAMEDIC }] })
      .knows('viewer', 'mia', 0.9)
      .knows('mia', 'tom', 0.9);
    await g.write(neo4j);
    expect((await run(g, 'viewer')).reachableTargets).toBe(0);
    await neo4j.writeRows('MATCH ()-[k:KNOWS {recordedBy: $id}]->() SET k.lent = true', { id: g.id('mia') });
    expect((await run(g, 'viewer')).found.map((p) => p.nodes)).toEqual([['mia', 'tom']]);
  });

  it('never routes through a broker who opted out, and ranks a broker at capacity lower', async () => {
    const g = new GraphBuilder()
      .person('viewer', { account: { lends: false } })
      .person('out', { account: { lends: true, capacity: 0 } })
      .person('full', { account: { lends: true, capacity: 2, openAsks: 2 } })
      .person('free', { account: { lends: true, capacity: 2, openAsks: 1 } })
      .person('t1', { account: { lends: false }, roles: [{ code: PARAMEDIC }] })
      .person('t2', { account: { lends: false }, roles: [{ code: PARAMEDIC }] })
      .knows('viewer', 'out', 1)
      .knows('out', 't1', 1)
      .knows('viewer', 'full', 0.8)
      .knows('full', 't2', 0.8)
      .knows('viewer', 'free', 0.6)
      .knows('free', 't2', 0.6);
    await g.write(neo4j);
    const r = await run(g, 'viewer');
    expect(r.found.map((p) => p.nodes)).toEqual([['free', 't2']]);
    expect(r.found[0].score).toBeCloseTo(0.36, 10); // 0.8 * 0.5 * 0.8 = 0.32 through the full broker
  });

  it('does not use work roles recorded by someone who does not lend, nor past roles', async () => {
    const g = new GraphBuilder()
      .person('viewer', { account: { lends: false } })
      .person('lender', { account: { lends: true } })
      .person('private', { account: { lends: false } })
      .person('x', { roles: [{ code: PARAMEDIC, recordedBy: 'private' }] })
      .person('y', { roles: [{ code: PARAMEDIC, recordedBy: 'lender', current: false }] })
      .person('z', { roles: [{ code: PARAMEDIC, recordedBy: 'lender' }] })
      .knows('viewer', 'lender', 0.9)
      .knows('lender', 'x', 0.9)
      .knows('lender', 'y', 0.9)
      .knows('lender', 'z', 0.5);
    await g.write(neo4j);
    expect((await run(g, 'viewer')).found.map((p) => p.nodes)).toEqual([['lender', 'z']]);
  });
});

describe('privacy of what a path shows', () => {
  it("names only the viewer's own contacts and seals the rest in the handle", async () => {
    const g = new GraphBuilder()
      .person('viewer', { account: { lends: false } })
      .person('sam')
      .person('vol', { account: { lends: true, volunteer: true } })
      .person('priya', { roles: [{ code: PARAMEDIC, title: 'Paramedic', recordedBy: 'vol' }] })
      .knows('viewer', 'sam', 0.8, 10, 'EX_COLLEAGUE')
      .knows('vol', 'sam', 0.7, 10, 'COMMUNITY')
      .knows('vol', 'priya', 0.9, 10, 'PROFESSIONAL');
    await g.write(neo4j);
    await neo4j.writeRows('MATCH (:Person {id: $v})-[k:KNOWS]->(p:Person {id: $s}) SET k.displayName = "Sam Okoro"', { v: g.id('viewer'), s: g.id('sam') });
    const r = await run(g, 'viewer');
    expect(r.found).toHaveLength(1);
    const [path] = r.paths;
    expect(path.hops).toBe(3);
    expect(path.steps[0]).toMatchObject({ label: 'Sam Okoro, your ex-colleague', context: 'EX_COLLEAGUE', strength: 0.8 });
    expect(path.steps[0].person?.displayName).toBe('Sam Okoro');
    expect(path.steps[1].person).toBeNull();
    expect(path.steps[1].label).toBe('a Backr volunteer known to Sam Okoro');
    expect(path.steps[2].person).toBeNull();
    expect(path.steps[2]).toMatchObject({ label: 'a paramedic known to a volunteer', context: 'PROFESSIONAL', strength: 0.9 });
    expect(path.explanation).toBe('Your ex-colleague Sam Okoro knows a Backr volunteer through a community group, who knows a paramedic professionally.');
    const shown = JSON.stringify(path);
    for (const hidden of ['vol', 'priya']) expect(shown).not.toContain(g.id(hidden));
    expect(() => handles.open(path.id, g.id('sam'))).toThrow('pathId: was issued to another account');
    const tampered = path.id.slice(0, -4) + (path.id.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => handles.open(tampered, g.id('viewer'))).toThrow('pathId: is not a path handle issued by introPaths');
    expect(() => handles.open(path.id, g.id('viewer'), 'pathId', Date.now() + 49 * 3600 * 1000)).toThrow('has expired');
    expect(handles.open(path.id, g.id('viewer'), 'pathId', Date.now() + 24 * 3600 * 1000).nodes).toHaveLength(3);
  });

  it('answers an unknown target and one the viewer may not see the same way', async () => {
    const g = new GraphBuilder().person('viewer', { account: { lends: false } }).person('stranger');
    await g.write(neo4j);
    const ask = (targetPersonId: string) => paths.introPaths(viewerOf(g, 'viewer'), { targetPersonId, maxHops: 3, first: 10 });
    const errors = await Promise.all(
      [ask(g.id('stranger')), ask(g.id('nobody'))].map((p) =>
        p.then(
          () => null,
          (e: DomainError) => e,
        ),
      ),
    );
    expect(errors.map((e) => [e?.code, e?.message, e?.field])).toEqual([
      ['NOT_FOUND', 'input.targetPersonId: a person in your network with this id was not found', 'input.targetPersonId'],
      ['NOT_FOUND', 'input.targetPersonId: a person in your network with this id was not found', 'input.targetPersonId'],
    ]);
  });
});

// ---------------------------------------------------------------- property test

function randomGraph(seed: number, n: number, avgDegree: number): GraphBuilder {
  const rnd = rng(seed);
  const g = new GraphBuilder();
  const names = Array.from({ length: n }, (_, i) => `p${i}`);
  const accounts = new Map<string, { lends: boolean }>();
  for (const name of names) {
    const isAccount = rnd() < 0.4;
    const volunteer = isAccount && rnd() < 0.25;
    const lends = volunteer || (isAccount && rnd() < 0.3);
    if (isAccount) accounts.set(name, { lends });
    const capacity = rnd() < 0.1 ? 0 : 1 + Math.floor(rnd() * 5);
    g.person(name, isAccount ? { account: { lends, volunteer, capacity, openAsks: Math.floor(rnd() * (capacity + 2)) } } : {});
  }
  for (const name of names) {
    const roll = rnd();
    if (roll < 0.17) {
      const recorder = accounts.has(name) && rnd() < 0.5 ? name : names[Math.floor(rnd() * n)];
      const person = g.allPeople.find((p) => p.id === g.id(name))!;
      person.roles = [{ code: PARAMEDIC, current: roll < 0.13, recordedBy: g.id(recorder) }];
    }
  }
  const edges = Math.round((n * avgDegree) / 2);
  for (let i = 0; i < edges; i++) {
    const a = names[Math.floor(rnd() * n)];
    const b = names[Math.floor(rnd() * n)];
    if (a === b) continue;
    g.knows(a, b, Math.round((0.05 + rnd() * 0.95) * 100) / 100, rnd() < 0.3 ? null : Math.floor(rnd() * 2000), 'FRIEND');
  }
  return g;
}

/** Enumerates every simple path of up to maxHops from the viewer, in memory: the reference. */
function bruteForce(g: GraphBuilder, viewerName: string, maxHops: number, now: number): Map<string, { score: number; hops: number }> {
  const viewer = g.id(viewerName);
  const people = new Map(g.allPeople.map((p) => [p.id, p]));
  const lends = (id: string) => people.get(id)?.account?.lends ?? false;
  const adj = new Map<string, Map<string, number>>();
  for (const e of g.allEdges) {
    if (!(e.from === viewer || lends(e.from))) continue;
    const w = edgeWeight(e.strength, e.daysAgo === null || e.daysAgo === undefined ? null : now - e.daysAgo * 86_400_000, now);
    for (const [x, y] of [
      [e.from, e.to],
      [e.to, e.from],
    ]) {
      const m = adj.get(x) ?? new Map<string, number>();
      m.set(y, Math.max(m.get(y) ?? 0, w));
      adj.set(x, m);
    }
  }
  const isTarget = (id: string) =>
    id !== viewer &&
    (people.get(id)?.roles ?? []).some(
      (r) => r.code === PARAMEDIC && r.current !== false && (r.recordedBy === id || r.recordedBy === viewer || lends(r.recordedBy ?? id)),
    );
  const factor = (id: string) => {
    const a = people.get(id)?.account;
    const rules = { nowMs: now, weeklyLimit: 10, shareOpen: 1, shareWeekly: 2 };
    return brokerFactor({ isAccount: !!a, brokerCapacity: a ? (a.capacity ?? 3) : null, openAsks: a?.openAsks ?? 0, recentDeclines: 0 }, rules);
  };
  const best = new Map<string, { score: number; hops: number }>();
  const walk = (node: string, score: number, visited: string[]) => {
    const hops = visited.length - 1;
    if (hops > 0 && isTarget(node)) {
      const cur = best.get(node);
      if (!cur || score > cur.score + 1e-12 || (Math.abs(score - cur.score) <= 1e-12 && hops < cur.hops)) best.set(node, { score, hops });
    }
    if (hops >= maxHops) return;
    const f = hops === 0 ? 1 : factor(node);
    if (f <= 0) return;
    for (const [next, w] of adj.get(node) ?? []) {
      if (!visited.includes(next)) walk(next, score * f * w, [...visited, next]);
    }
  };
  walk(viewer, 1, [viewer]);
  return best;
}

describe('property: the engine agrees with brute force on random graphs', () => {
  const cases = [
    { seed: 11, n: 250, degree: 2 },
    { seed: 23, n: 250, degree: 4 },
    { seed: 37, n: 300, degree: 8 },
  ];
  for (const { seed, n, degree } of cases) {
    it(`seed ${seed}, ${n} people, average degree ${degree}: same best score and hops for every target, none missed`, async () => {
      const g = randomGraph(seed, n, degree);
      await g.write(neo4j);
      const rnd = rng(seed * 7);
      const viewers = g.allPeople.filter((p) => p.account).map((p) => p.id.slice(g.prefix.length + 1));
      const chosen = Array.from({ length: 6 }, () => viewers[Math.floor(rnd() * viewers.length)]);
      let compared = 0;
      for (const forceFrontier of [false, true]) {
        const saved = PATH_LIMITS.targetSideMaxRoles;
        if (forceFrontier) PATH_LIMITS.targetSideMaxRoles = 0;
        try {
          for (const viewer of chosen) {
            for (const maxHops of [1, 2, 3]) {
              const now = Date.now();
              const expected = bruteForce(g, viewer, maxHops, now);
              const r = await run(g, viewer, maxHops, 50);
              expect(r.reachableTargets).toBe(expected.size);
              expect(r.found.length).toBe(Math.min(50, expected.size));
              for (const p of r.found) {
                const target = g.id(p.nodes[p.nodes.length - 1]);
                const want = expected.get(target);
                expect(want).toBeDefined();
                expect(p.hops).toBe(want!.hops);
                expect(p.score).toBeCloseTo(want!.score, 9);
                compared++;
              }
              const scores = r.found.map((p) => p.score);
              expect(scores).toEqual([...scores].sort((a, b) => b - a));
            }
          }
        } finally {
          PATH_LIMITS.targetSideMaxRoles = saved;
        }
      }
      expect(compared).toBeGreaterThan(0);
    });
  }
});
