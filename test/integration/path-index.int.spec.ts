import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Viewer } from '#libs/auth';
import { ConfigModule } from '#libs/config';
import { GraphModule, Neo4jService } from '#libs/graph';
import { ImportRunner, ImportsModule, ImportsService } from '#libs/imports';
import { IntroBrokersRepository, IntroductionsModule } from '#libs/introductions';
import { AccountService, NetworkModule, NetworkService, type RelationshipContext } from '#libs/network';
import { PathIndexModule, PathIndexService } from '#libs/path-index';
import { PathHandles, PathsModule, PathsService } from '#libs/paths';
import { PrivacyModule, PrivacyService } from '#libs/privacy';
import { QueueModule } from '#libs/queue';
import { rng } from '../../bench/synthetic-network.js';
import { GraphBuilder } from '../support/graph-builder.js';

/**
 * The index against its oracle: a random graph, then random edits through the services (the same
 * write paths the API uses, so the same change log), and after each batch the index and the Neo4j
 * engine must give identical answers for random viewers and work.
 */
@Module({ imports: [ConfigModule, GraphModule, QueueModule, NetworkModule, PathsModule, PathIndexModule, IntroductionsModule, PrivacyModule, ImportsModule] })
class TestModule {}

let app: INestApplicationContext;
let neo4j: Neo4jService;
let paths: PathsService;
let handles: PathHandles;
let index: PathIndexService;

beforeAll(async () => {
  // This graph is the test's own, and compare() waits for its writes: answers wait for this process's
  // own writes only (not every other suite's), and however long a busy machine takes, so that the
  // check that the index (not the Neo4j fallback) answered cannot fail on a slow moment.
  process.env.PATH_INDEX_READS = 'own-writes';
  process.env.PATH_INDEX_WAIT_MS = '60000';
  app = await NestFactory.createApplicationContext(TestModule, { logger: ['error'] });
  await app.init();
  neo4j = app.get(Neo4jService);
  paths = app.get(PathsService);
  handles = app.get(PathHandles);
  index = app.get(PathIndexService);
  const built = Date.now();
  while (index.status().state !== 'ready' && Date.now() - built < 60_000) await sleep(100);
}, 90_000);
afterAll(async () => {
  paths.engine = 'auto';
  await app.close();
});

const TITLES = ['Paramedic', 'Secondary school teacher', 'Software developer', 'Staff nurse'];
const CONTEXTS: RelationshipContext[] = ['COLLEAGUE', 'FRIEND', 'EX_COLLEAGUE', 'FAMILY', 'NEIGHBOUR', 'EVENT'];
const viewerOf = (id: string, roles: Viewer['roles'] = ['MEMBER']): Viewer => ({ sub: id, personId: id, roles });

async function caughtUp(): Promise<void> {
  const seq = await index.latestSeq();
  expect(await index.caughtUp(seq, 60_000)).toBe(true);
}

/** Both engines' answer for one question, people as ids so the two can be compared exactly. */
async function answer(viewerId: string, q: { occupationCode?: string; work?: string; targetPersonId?: string; maxHops: number }) {
  const v = viewerOf(viewerId);
  // A person not in the viewer's network is refused alike by both engines: the refusal is the answer.
  const r = await paths.introPaths(v, { ...q, first: 50 }).catch((e: Error) => e);
  if (r instanceof Error) return { refused: r.message };
  return {
    reachable: r.reachableTargets,
    related: r.relatedTargets,
    // Everything a member sees of each path: the index describes it from memory, Neo4j by reading.
    paths: r.paths.map((p) => ({
      nodes: handles.open(p.id, viewerId).nodes,
      score: p.score,
      related: p.related,
      explanation: p.explanation,
      steps: p.steps.map((s) => ({ label: s.label, context: s.context, strength: s.strength, work: s.work, person: s.person })),
    })),
  };
}

async function compare(viewerIds: string[], codes: string[], rnd: () => number, asked: { n: number; nonEmpty: number; alternatives: number }): Promise<void> {
  await caughtUp();
  for (let i = 0; i < 6; i++) {
    const viewerId = viewerIds[Math.floor(rnd() * viewerIds.length)];
    const pick = rnd();
    const maxHops = rnd() < 0.7 ? 3 : 1 + Math.floor(rnd() * 2);
    const other = viewerIds[Math.floor(rnd() * viewerIds.length)];
    const q =
      pick < 0.2
        ? { work: TITLES[Math.floor(rnd() * TITLES.length)].toLowerCase(), maxHops }
        : pick < 0.35
          ? { targetPersonId: other, maxHops }
          : { occupationCode: codes[Math.floor(rnd() * codes.length)], maxHops };
    paths.engine = 'neo4j';
    const oracle = await answer(viewerId, q);
    paths.engine = 'auto';
    const served = index.status().served;
    const fromIndex = await answer(viewerId, q);
    // The answer really came from the index (caught up, so never the Neo4j fallback).
    if (!('refused' in oracle)) expect(index.status().served.index).toBeGreaterThan(served.index);
    expect(index.status().served.neo4j).toBe(served.neo4j);
    expect({ viewerId, q, ...fromIndex }).toEqual({ viewerId, q, ...oracle });
    // Another path to someone, avoiding a person (as after a decline), with room now or not.
    const avoid = [viewerIds[Math.floor(rnd() * viewerIds.length)]];
    const onlyWithRoom = rnd() < 0.5;
    paths.engine = 'neo4j';
    const otherOracle = await paths.alternativePath(viewerId, other, avoid, { onlyWithRoom });
    paths.engine = 'auto';
    expect({ viewerId, other, avoid, alternative: await paths.alternativePath(viewerId, other, avoid, { onlyWithRoom }) }).toEqual({
      viewerId,
      other,
      avoid,
      alternative: otherOracle,
    });
    asked.n++;
    if (oracle.paths?.length) asked.nonEmpty++;
    if (otherOracle) asked.alternatives++;
  }
}

describe('in-memory path index against the Neo4j engine', () => {
  it('gives identical answers after random batches of edits through the services', async () => {
    const rnd = rng(16);
    const g = new GraphBuilder();
    const n = 36;
    const names = Array.from({ length: n }, (_, i) => `p${i}`);
    const accounts: string[] = [];
    for (const name of names) {
      const isAccount = rnd() < 0.5;
      if (isAccount) accounts.push(name);
      g.person(name, isAccount ? { account: { lends: rnd() < 0.5, capacity: rnd() < 0.1 ? 0 : 1 + Math.floor(rnd() * 4) } } : {});
    }
    const codes = ['2255', '2314', '2134', '2231'];
    for (const name of names) {
      if (rnd() < 0.4) {
        const person = g.allPeople.find((p) => p.id === g.id(name))!;
        const recorder = names[Math.floor(rnd() * n)];
        person.roles = [{ code: codes[Math.floor(rnd() * codes.length)], current: rnd() < 0.9, recordedBy: g.id(recorder) }];
      }
    }
    for (let i = 0; i < n * 2.5; i++) {
      const a = names[Math.floor(rnd() * n)];
      const b = names[Math.floor(rnd() * n)];
      if (a !== b) g.knows(a, b, Math.round((0.05 + rnd() * 0.95) * 100) / 100, rnd() < 0.3 ? null : Math.floor(rnd() * 2000));
    }
    await g.write(neo4j);
    const members = accounts.map((a) => g.id(a));
    const network = app.get(NetworkService);
    const settings = app.get(AccountService);
    const privacy = app.get(PrivacyService);
    const brokers = app.get(IntroBrokersRepository);
    const contactsOf = async (id: string) =>
      (await neo4j.readRows<{ id: string }>(`MATCH (:Person {id: $id})-[:KNOWS {recordedBy: $id}]->(p:Person) RETURN p.id AS id ORDER BY id`, { id })).map(
        (r) => r.id,
      );
    const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)];
    const asked = { n: 0, nonEmpty: 0, alternatives: 0 };
    const done: Record<string, number> = {};

    await compare(members, codes, rnd, asked);
    for (let batch = 0; batch < 8; batch++) {
      for (let k = 0; k < 5; k++) {
        const actor = pick(members);
        const v = viewerOf(actor);
        const mine = await contactsOf(actor);
        const roll = rnd();
        let kind: string;
        if (roll < 0.22 || !mine.length) {
          kind = 'add';
          await network.addContact(v, {
            displayName: `New ${batch}-${k}`,
            context: pick(CONTEXTS),
            strength: Math.round(rnd() * 100) / 100,
            roles: rnd() < 0.7 ? [{ title: pick(TITLES) }] : [],
          });
        } else if (roll < 0.4) {
          kind = 'update';
          await network.updateRelationship(v, pick(mine), {
            strength: Math.round(rnd() * 100) / 100,
            context: rnd() < 0.5 ? pick(CONTEXTS) : undefined,
            lastContactAt: new Date(Date.now() - Math.floor(rnd() * 1500) * 86_400_000),
          });
        } else if (roll < 0.48) {
          kind = 'work';
          await network.updateRelationship(v, pick(mine), {
            roles: rnd() < 0.8 ? [{ title: pick(TITLES), organisation: rnd() < 0.5 ? pick(['Acme', 'City Council', 'NHS Trust']) : null }] : [],
          });
        } else if (roll < 0.56) {
          kind = 'remove';
          await network.removeContact(v, pick(mine));
        } else if (roll < 0.62 && mine.length >= 2) {
          kind = 'merge';
          await network.mergeContacts(v, mine[0], mine[1]);
        } else if (roll < 0.72) {
          kind = 'lending';
          await settings.updateSettings(v, { lendsNetwork: rnd() < 0.5 });
        } else if (roll < 0.8) {
          kind = 'broker';
          await settings.updateSettings(v, { brokerCapacity: Math.floor(rnd() * 4), awayUntil: rnd() < 0.3 ? new Date(Date.now() + 5 * 86_400_000) : null });
        } else if (roll < 0.85) {
          kind = 'own work';
          await settings.updateSettings(v, { roles: [{ title: pick(TITLES) }] });
        } else if (roll < 0.9) {
          kind = 'import';
          await importContacts(v, batch, k, pick(TITLES));
        } else if (roll < 0.94 && members.length > 6) {
          kind = 'erase';
          await privacy.deleteMyAccount(v, 'DELETE');
          members.splice(members.indexOf(actor), 1);
        } else if (roll < 0.955) {
          // An ask left unanswered past its bound: the broker's rank halves for everyone (a change of broker state alone).
          kind = 'silent';
          await neo4j.write((tx) => brokers.recordUnanswered(tx, actor, Date.now()));
        } else if (roll < 0.97) {
          // A broker declines a member's ask: their rank falls for that member only (broker state alone).
          kind = 'decline';
          const requester = pick(members.filter((m) => m !== actor));
          await neo4j.write((tx) => brokers.recordDecline(tx, actor, requester, Date.now()));
        } else {
          kind = 'suppress';
          const others = (await neo4j.readRows<{ id: string }>(`MATCH (p:Person) WHERE p.id IN $ids AND NOT p:Account RETURN p.id AS id`, { ids: mine })).map(
            (r) => r.id,
          );
          if (others.length) await privacy.suppressPerson(viewerOf(actor, ['ADMIN']), pick(others));
        }
        done[kind] = (done[kind] ?? 0) + 1;
      }
      await compare(members, codes, rnd, asked);
    }
    // The test means something only if the answers had paths in them and the edits were varied.
    // (A quarter or more: some questions allow one or two hops only, or ask for one person out of reach.)
    expect(asked.nonEmpty).toBeGreaterThan(asked.n / 4);
    expect(asked.alternatives).toBeGreaterThan(0);
    expect(Object.keys(done).length).toBeGreaterThanOrEqual(6);
  }, 240_000);

  it('answers a member’s own change in their very next query', async () => {
    const g = new GraphBuilder()
      .person('me', { account: { lends: true } })
      .person('friend', { account: { lends: true } })
      .knows('me', 'friend', 0.8);
    await g.write(neo4j);
    const me = viewerOf(g.id('me'));
    const added = await app
      .get(NetworkService)
      .addContact(me, { displayName: 'Pat Paramedic', context: 'COLLEAGUE', strength: 0.9, roles: [{ title: 'Paramedic' }] });
    expect(added).toBeTruthy();
    const result = await paths.introPaths(me, { occupationCode: '2255', maxHops: 3, first: 10 });
    expect(result.paths.map((p) => p.steps.length)).toContain(1);
  });
});

async function importContacts(viewer: Viewer, batch: number, k: number, title: string): Promise<void> {
  const csv = `First Name,Last Name,URL,Email Address,Company,Position,Connected On\nImported,Person ${batch}x${k},,imp-${batch}-${k}-${viewer.personId}@example.org,Acme,${title},01 Jan 2024\n`;
  const job = await app.get(ImportsService).importContacts(viewer, { format: 'LINKEDIN_CSV', content: csv });
  await app.get(ImportRunner).run(job.id);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
