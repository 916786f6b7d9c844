import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import neo4j, { type Driver } from 'neo4j-driver';
import { codeOf, gql, unique, useApi } from '../support/api-client.js';
import { startStack, type Stack } from '../support/stack.js';
import { account, addContact, eventually, get, INBOX, ok, PATHS, REQUEST, request, respond, WITHDRAW, type Intro } from '../support/intro-helpers.js';
import { testRun } from '../support/test-env.js';
import { messagesAbout } from '../support/outbox.js';
import { closeProbe, nodeIdOf } from '../support/graph-probe.js';

// A shared machine can be slow; these tests wait on the worker, never on a clock.
jest.setTimeout(180_000);

/** Issue 13: introductions that flow fairly (each case from the Tests section). */

let driver: Driver | null = null;
/** Writes straight to the graph, to stand for a week of asks without making them one by one. */
async function write(query: string, params: Record<string, unknown>): Promise<void> {
  driver ??= neo4j.driver(testRun().neo4jUri, neo4j.auth.basic('neo4j', 'local-auth-disabled'));
  await driver.executeQuery(query, params);
  // Recorded in the path change log, as the service's own writes are, so replicas' path indexes follow.
  await driver.executeQuery(
    `MERGE (l:PathLog {id: 'paths'}) ON CREATE SET l.seq = 0
     SET l.seq = l.seq + 1
     CREATE (:PathChange {seq: l.seq, people: [$id], at: timestamp()})`,
    { id: params.id },
  );
}
afterAll(async () => {
  await driver?.close();
});
const localId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':').slice(1).join(':');

const SETTINGS = `mutation($input: AccountSettingsInput!) { updateAccountSettings(input: $input) { brokerCapacity brokerLoad { openAsks capacity weekAsks weeklyLimit waiting awayUntil } } }`;
const paths = async (user: { token: string }, work: string) => ok(await gql<{ introPaths: any }>(PATHS, { input: { work } }, user.token)).introPaths.paths;
const inbox = async (user: { token: string }) => ok(await gql<{ introductionInbox: any }>(INBOX, {}, user.token)).introductionInbox;

/** A member who knows two volunteers, both of whom know one target doing `work`; the first tie is warmer. */
async function twoRoutes(work: string, capacity = 2) {
  const [member, star, other, target] = await Promise.all([
    account(['MEMBER'], unique('Meg Member')),
    account(['VOLUNTEER'], unique('Sue Star')),
    account(['VOLUNTEER'], unique('Ola Other')),
    account(['MEMBER'], unique('Tim Target')),
  ]);
  await Promise.all([gql(SETTINGS, { input: { brokerCapacity: capacity } }, star.token), gql(SETTINGS, { input: { brokerCapacity: capacity } }, other.token)]);
  await addContact(member, { displayName: star.name, email: star.email, context: 'FRIEND', strength: 0.95 });
  await addContact(member, { displayName: other.name, email: other.email, context: 'FRIEND', strength: 0.6 });
  await addContact(star, { displayName: target.name, email: target.email, context: 'COLLEAGUE', strength: 0.9, roles: [{ title: work }] });
  await addContact(other, { displayName: target.name, email: target.email, context: 'COLLEAGUE', strength: 0.9, roles: [{ title: work }] });
  return { member, star, other, target };
}

afterAll(closeProbe);

describe('ranking knows real availability', () => {
  it('routes elsewhere once the star used their weekly asks, though they hold no open ask', async () => {
    const c = await twoRoutes('Radiographer');
    expect(await nodeIdOf((await paths(c.member, 'Radiographer'))[0].steps[0].person.id)).toBe(localId(c.star.personId));
    const week = Array.from({ length: 10 }, (_, i) => Date.now() - i * 60_000);
    await write('MATCH (b:Person {id: $id}) SET b.askLog = $week', { id: localId(c.star.personId), week });
    const [best] = await paths(c.member, 'Radiographer');
    expect(await nodeIdOf(best.steps[0].person.id)).toBe(localId(c.other.personId));
  });

  it('hides a broker who is away from new paths, and shows the volunteer their own load', async () => {
    const c = await twoRoutes('Podiatrist');
    const until = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString();
    const set = ok(await gql<{ updateAccountSettings: any }>(SETTINGS, { input: { awayUntil: until } }, c.star.token)).updateAccountSettings;
    expect(set.brokerLoad).toMatchObject({ openAsks: 0, capacity: 2, weekAsks: 0, weeklyLimit: 10, waiting: 0 });
    expect(new Date(set.brokerLoad.awayUntil).toISOString()).toBe(until);
    const found = await paths(c.member, 'Podiatrist');
    expect(found).toHaveLength(1);
    expect(await nodeIdOf(found[0].steps[0].person.id)).toBe(localId(c.other.personId));
    const named = await Promise.all(found.flatMap((p: Intro) => p.steps.filter((st: Intro) => st.person).map((st: Intro) => nodeIdOf(st.person.id))));
    expect(named).not.toContain(localId(c.star.personId));
  });
});

describe('waiting requests move', () => {
  it('offers a waiting request a path with room, and moves it when the member confirms', async () => {
    const c = await twoRoutes('Dietitian', 1);
    const handle = (await paths(c.member, 'Dietitian'))[0];
    expect(await nodeIdOf(handle.steps[0].person.id)).toBe(localId(c.star.personId));
    // Someone else's request fills the star's one place first.
    const [rival, elsewhere] = await Promise.all([account(['MEMBER'], unique('Rik Rival')), account(['MEMBER'], unique('Eve Else'))]);
    await addContact(rival, { displayName: c.star.name, email: c.star.email, context: 'FRIEND', strength: 0.9 });
    await addContact(c.star, { displayName: elsewhere.name, email: elsewhere.email, context: 'FRIEND', strength: 0.9, roles: [{ title: 'Dietitian' }] });
    const rivalPath = (await paths(rival, 'Dietitian')).find((p: any) => p.steps.length === 2);
    await request(rival, rivalPath.id);

    const waiting = await request(c.member, handle.id);
    expect(waiting).toMatchObject({ status: 'ASKING', currentStep: 0 });
    expect(waiting.history.at(-1).note).toMatch(/^waiting in line/);
    expect(JSON.stringify(waiting.history)).not.toContain(c.star.name);
    const offered = await eventually(
      () => get(c.member, waiting.id),
      (r) => r?.nextPath !== null,
      90_000,
    );
    expect(offered!.nextPath.steps[0].label).toContain(c.other.name);
    expect(offered!.history.some((e: Intro) => /could be asked now/.test(e.note ?? ''))).toBe(true);

    const moved = await request(c.member, offered!.nextPath.id);
    expect(await nodeIdOf(moved.steps[0].person.id)).toBe(localId(c.other.personId));
    expect((await get(c.member, waiting.id))!.status).toBe('WITHDRAWN');
    expect((await inbox(c.other)).edges.map((e: any) => e.node.id)).toContain(moved.id);
  });
});

describe('a yes finishes', () => {
  it('asks the broker to relay the target right after their yes, before an older first ask', async () => {
    const [first, second, broker] = await Promise.all([
      account(['MEMBER'], unique('Fia First')),
      account(['MEMBER'], unique('Sol Second')),
      account(['VOLUNTEER'], unique('Bram Broker')),
    ]);
    await gql(SETTINGS, { input: { brokerCapacity: 1 } }, broker.token);
    const offline = `${unique('odette')}@example.org`;
    const odetteId = await addContact(broker, {
      displayName: 'Odette Offline',
      email: offline,
      context: 'FRIEND',
      strength: 0.9,
      roles: [{ title: 'Audiologist' }],
    });
    for (const m of [first, second]) await addContact(m, { displayName: broker.name, email: broker.email, context: 'FRIEND', strength: 0.9 });
    const one = await request(first, (await paths(first, 'Audiologist'))[0].id);
    const two = await request(second, (await paths(second, 'Audiologist'))[0].id);
    expect(two.history.at(-1).note).toMatch(/^waiting in line/);

    const after = await respond(broker, one.id, true);
    expect(after).toMatchObject({ status: 'TARGET_ASKED', currentStep: 1, awaitingMyAnswer: true, answerOnBehalfOf: { id: odetteId } });
    const stillWaiting = (await get(second, two.id))!;
    expect(stillWaiting).toMatchObject({ status: 'ASKING', currentStep: 0 });
    expect((await inbox(broker)).edges.map((e: any) => e.node.id)).toEqual([one.id]);
  });
});

describe('honest status', () => {
  it('tells the broker when the ask they hold is withdrawn', async () => {
    const c = await twoRoutes('Phlebotomist');
    const intro = await request(c.member, (await paths(c.member, 'Phlebotomist'))[0].id);
    ok(await gql(WITHDRAW, { id: intro.id }, c.member.token));
    const told = await eventually(
      async () => messagesAbout(intro.id).filter((t) => t.includes(`To: ${c.star.email}`) && t.includes('has ended')),
      (m) => m.length > 0,
      90_000,
    );
    expect(told[0]).toContain('You do not need to do anything');
    expect((await inbox(c.star)).totalCount).toBe(0);
  });
});

describe('nothing stuck', () => {
  it('a refused merge or removal ends no request: the contacts are checked before the path is touched', async () => {
    const [member, broker, stranger] = await Promise.all([
      account(['MEMBER'], unique('Mia Member')),
      account(['VOLUNTEER'], unique('Ben Broker')),
      account(['MEMBER'], unique('Sam Stranger')),
    ]);
    await addContact(member, { displayName: broker.name, email: broker.email, context: 'FRIEND', strength: 0.9 });
    const farrier = await addContact(broker, {
      displayName: 'Fay Farrier',
      email: `${unique('fay')}@example.org`,
      context: 'FRIEND',
      strength: 0.9,
      roles: [{ title: 'Farrier' }],
    });
    const intro = await request(member, (await paths(member, 'Farrier'))[0].id);
    const MERGE = `mutation($keepId: ID!, $mergeId: ID!) { mergeContacts(keepId: $keepId, mergeId: $mergeId) { person { id } } }`;
    const REMOVE = `mutation($id: ID!) { removeContact(personId: $id) }`;
    // keepId is a person the broker never recorded (the member), so the merge is refused.
    const merged = await gql(MERGE, { keepId: member.personId, mergeId: farrier }, broker.token);
    expect(codeOf(merged)).toBe('NOT_FOUND');
    expect(merged.errors![0].extensions!.field).toBe('keepId');
    expect(codeOf(await gql(MERGE, { keepId: farrier, mergeId: farrier }, broker.token))).toBe('BAD_USER_INPUT');
    // Someone who does not hold the contact cannot end the request by naming it either.
    expect(codeOf(await gql(REMOVE, { id: farrier }, stranger.token))).toBe('NOT_FOUND');
    expect(codeOf(await gql(MERGE, { keepId: farrier, mergeId: farrier }, stranger.token))).toBe('NOT_FOUND');
    const still = (await get(member, intro.id))!;
    expect(still.status).toBe('ASKING');
    expect(still.history.some((e: Intro) => e.status === 'EXPIRED')).toBe(false);
  });

  it('ends at once a request whose step person the broker removed from their network; the member is told', async () => {
    const [member, broker] = await Promise.all([account(['MEMBER'], unique('Nell Member')), account(['VOLUNTEER'], unique('Rob Remover'))]);
    await addContact(member, { displayName: broker.name, email: broker.email, context: 'FRIEND', strength: 0.9 });
    const gone = await addContact(broker, {
      displayName: 'Gus Gone',
      email: `${unique('gus')}@example.org`,
      context: 'FRIEND',
      strength: 0.9,
      roles: [{ title: 'Farrier' }],
    });
    const intro = await request(member, (await paths(member, 'Farrier'))[0].id);
    ok(await gql(`mutation($id: ID!) { removeContact(personId: $id) }`, { id: gone }, broker.token));
    // Removing the contact ended the request before the relationship went: the broker's ask is gone
    // and answering it is refused as for any closed request.
    expect((await get(member, intro.id))!.status).toBe('EXPIRED');
    const answered = await gql(
      `mutation($input: RespondToIntroductionInput!) { respondToIntroduction(input: $input) { status } }`,
      { input: { requestId: intro.id, accept: true } },
      broker.token,
    );
    expect(codeOf(answered)).toBe('CONFLICT');
    const seen = await eventually(
      () => get(member, intro.id),
      (r) => r?.status === 'EXPIRED' && r.history.some((e: Intro) => /other path/.test(e.note ?? '')),
      90_000,
    );
    expect(seen!.history.some((e: Intro) => e.note === 'someone on the path is no longer available')).toBe(true);
    expect((await inbox(broker)).totalCount).toBe(0);
  });
});

describe('fair share (on a private stack with the default shares: the shared one lifts them for other suites)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('intro-share', { INTRO_SHARE_OPEN_PER_BROKER: '1', INTRO_SHARE_WEEKLY_PER_BROKER: '2' });
    useApi(stack.apiUrl);
  }, 180_000);
  afterAll(async () => {
    useApi(null);
    await stack?.stop();
  }, 90_000);

  it('refuses a second request through the same volunteer, naming the limit and not the volunteer', async () => {
    const [member, broker] = await Promise.all([account(['MEMBER'], unique('Hal Hog')), account(['VOLUNTEER'], unique('Viv Volunteer'))]);
    await addContact(member, { displayName: broker.name, email: broker.email, context: 'FRIEND', strength: 0.9 });
    for (const n of [1, 2])
      await addContact(broker, {
        displayName: unique(`Orla ${n}`),
        email: `${unique('orla')}@example.org`,
        context: 'FRIEND',
        strength: 0.9,
        roles: [{ title: 'Orthoptist' }],
      });
    const handles = (await paths(member, 'Orthoptist')).map((p: any) => p.id);
    expect(handles).toHaveLength(2);
    await request(member, handles[0]);
    const again = await gql(REQUEST, { input: { pathId: handles[1], message: 'and another' } }, member.token);
    expect(codeOf(again)).toBe('CONFLICT');
    expect(again.errors![0].message).toContain('the most one member may have with one volunteer at a time (1)');
    expect(again.errors![0].message).not.toContain(broker.name);
    // Paths found afresh through the same volunteer are refused too (one by the open request to that person, the other by the share).
    const fresh = await Promise.all(
      (await paths(member, 'Orthoptist')).map((p: any) => gql(REQUEST, { input: { pathId: p.id, message: 'once more' } }, member.token)),
    );
    expect(fresh.map(codeOf)).toEqual(fresh.map(() => 'CONFLICT'));
    expect(fresh.some((r) => r.errors![0].message.includes('the most one member may have'))).toBe(true);
  });
});
