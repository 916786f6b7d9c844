import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { codeOf, gql, newUser, unique } from '../support/api-client.js';
import {
  account,
  addContact,
  chain,
  eventually,
  get,
  INBOX,
  MINE,
  OUTCOME,
  ok,
  pathTo,
  request,
  REQUEST,
  respond,
  RESPOND,
  WITHDRAW,
  type Intro,
} from '../support/intro-helpers.js';
import { messagesAbout } from '../support/outbox.js';
import { closeProbe, nodeIdOf } from '../support/graph-probe.js';

// Worker effects are awaited with eventually()'s generous default (a shared machine can be slow).
jest.setTimeout(180_000);

const statusOf = (intro: Intro | null) => intro?.status;

afterAll(closeProbe);

describe('introductions: the double opt-in happy path', () => {
  let c: Awaited<ReturnType<typeof chain>>;
  let intro: Intro;

  beforeAll(async () => {
    c = await chain();
  });

  it('asks the broker first, showing the member only who they know', async () => {
    const pathId = await pathTo(c.member, c.work);
    intro = await request(c.member, pathId);
    expect(intro).toMatchObject({ status: 'ASKING', currentStep: 0, awaitingMyAnswer: false, outcome: null });
    expect(intro.steps).toHaveLength(2);
    // The member's own contact appears under the member's id for them (their relationship's).
    expect(await nodeIdOf(intro.steps[0].person.id)).toBe(await nodeIdOf(c.broker.personId));
    expect(intro.steps[1].person).toBeNull();
    expect(JSON.stringify(intro)).not.toContain(c.target.name);
    expect(intro.history.map((e: Intro) => e.status)).toEqual(['REQUESTED', 'ASKING']);
    expect(intro.history[0].actorLabel).toBe('You');
    expect(new Date(intro.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
  });

  it("puts the ask in the broker's inbox (and nobody else's), and notifies them without the target's name in the queue", async () => {
    const inbox = ok(await gql<{ introductionInbox: any }>(INBOX, {}, c.broker.token)).introductionInbox;
    expect(inbox.totalCount).toBe(1);
    const seen = inbox.edges[0].node;
    expect(seen).toMatchObject({ id: intro.id, awaitingMyAnswer: true, requester: { id: c.member.personId } });
    expect(await nodeIdOf(seen.steps[1].person.id)).toBe(await nodeIdOf(c.target.personId));
    expect(ok(await gql<{ introductionInbox: any }>(INBOX, {}, c.target.token)).introductionInbox.totalCount).toBe(0);
    expect(await get(c.target, intro.id)).toBeNull();
    const asks = await eventually(
      async () => messagesAbout(intro.id),
      (m) => m.some((t) => t.includes(`To: ${c.broker.email}`)),
    );
    expect(asks.find((t) => t.includes(`To: ${c.broker.email}`))).toContain('asks for an introduction');
  });

  it('moves to the target once the broker accepts, and reveals the broker to the member', async () => {
    const after = await respond(c.broker, intro.id, true, { note: 'Happy to help' });
    expect(after).toMatchObject({ status: 'TARGET_ASKED', currentStep: 1 });
    const mine = await get(c.member, intro.id);
    expect(mine!.steps[1].person).toBeNull();
    expect(mine!.history.find((e: Intro) => e.note === 'Happy to help')).toMatchObject({ actorLabel: c.broker.name });
    const inbox = ok(await gql<{ introductionInbox: any }>(INBOX, {}, c.target.token)).introductionInbox;
    expect(inbox.edges.map((e: any) => e.node.id)).toEqual([intro.id]);
    expect(ok(await gql<{ introductionInbox: any }>(INBOX, {}, c.broker.token)).introductionInbox.totalCount).toBe(0);
  });

  it("introduces both sides when the target accepts: each sees the other's contact details, nobody else's", async () => {
    const after = await respond(c.target, intro.id, true);
    expect(after.status).toBe('INTRODUCED');
    expect(after.introducedContact).toMatchObject({ person: { id: c.member.personId }, email: c.member.email });
    const mine = (await get(c.member, intro.id))!;
    expect(mine.introducedContact).toMatchObject({ person: { id: c.target.personId }, email: c.target.email });
    expect(mine.steps[1].person).toMatchObject({ id: c.target.personId });
    expect((await get(c.broker, intro.id))!.introducedContact).toBeNull();
    const messages = await eventually(
      async () => messagesAbout(intro.id),
      (m) => m.filter((t) => t.includes('introduction')).length >= 3,
    );
    expect(messages.some((t) => t.includes(`To: ${c.member.email}`) && t.includes(c.target.email))).toBe(true);
    expect(messages.some((t) => t.includes(`To: ${c.target.email}`) && t.includes(c.member.email))).toBe(true);
  });

  it('refuses an outcome from anyone but the member, then records the meeting and the outcome', async () => {
    const byBroker = await gql(OUTCOME, { input: { requestId: intro.id, met: true } }, c.broker.token);
    expect(codeOf(byBroker)).toBe('FORBIDDEN');
    const met = ok(await gql<{ recordIntroOutcome: Intro }>(OUTCOME, { input: { requestId: intro.id, met: true } }, c.member.token)).recordIntroOutcome;
    expect(met.status).toBe('MET');
    const closed = ok(
      await gql<{ recordIntroOutcome: Intro }>(
        OUTCOME,
        { input: { requestId: intro.id, met: true, outcome: 'ADVICE', note: 'Great advice on the course' } },
        c.member.token,
      ),
    ).recordIntroOutcome;
    expect(closed).toMatchObject({ status: 'CLOSED', outcome: 'ADVICE', currentStep: null, expiresAt: null });
    expect(closed.history.map((e: Intro) => e.status)).toEqual([
      'REQUESTED',
      'ASKING',
      'ASKING',
      'TARGET_ASKED',
      'TARGET_ASKED',
      'INTRODUCED',
      'MET',
      'CLOSED',
    ]);
    const again = await gql(OUTCOME, { input: { requestId: intro.id, met: true, outcome: 'JOB_OFFER' } }, c.member.token);
    expect(codeOf(again)).toBe('CONFLICT');
  });

  it('lists the request for the member and for the people asked, filtered by status', async () => {
    const mine = ok(await gql<{ myIntroductions: any }>(MINE, { status: ['CLOSED'] }, c.member.token)).myIntroductions;
    expect(mine.edges.map((e: any) => e.node.id)).toEqual([intro.id]);
    expect(ok(await gql<{ myIntroductions: any }>(MINE, { status: ['ASKING'] }, c.member.token)).myIntroductions.totalCount).toBe(0);
    expect(ok(await gql<{ myIntroductions: any }>(MINE, {}, c.broker.token)).myIntroductions.totalCount).toBe(1);
    const stranger = await newUser(['MEMBER'], 'Stranger');
    expect(ok(await gql<{ myIntroductions: any }>(MINE, {}, stranger.token)).myIntroductions.totalCount).toBe(0);
    expect(await get(stranger, intro.id)).toBeNull();
  });
});

describe('introductions: relayed consent for a person without an account', () => {
  it('asks the broker who recorded them, who answers on their behalf; the first message to them carries a data notice', async () => {
    const [member, broker] = await Promise.all([account(['MEMBER'], unique('Rae Requester')), account(['VOLUNTEER'], unique('Val Relay'))]);
    await addContact(member, { displayName: broker.name, email: broker.email, context: 'FRIEND', strength: 0.9 });
    const priyaEmail = `${unique('priya')}@example.org`;
    const priyaId = await addContact(broker, {
      displayName: 'Priya Offline',
      email: priyaEmail,
      context: 'COMMUNITY',
      strength: 0.7,
      roles: [{ title: 'Paramedic' }],
    });
    let intro = await request(member, await pathTo(member, 'Paramedic'));
    intro = await respond(broker, intro.id, true);
    expect(intro).toMatchObject({ status: 'TARGET_ASKED', currentStep: 1, awaitingMyAnswer: true, answerOnBehalfOf: { id: priyaId } });

    const missing = await gql(RESPOND, { input: { requestId: intro.id, accept: true } }, broker.token);
    expect(codeOf(missing)).toBe('BAD_USER_INPUT');
    expect(missing.errors![0].extensions!.field).toBe('input.onBehalfOfPersonId');
    const wrong = await gql(RESPOND, { input: { requestId: intro.id, accept: true, onBehalfOfPersonId: member.personId } }, broker.token);
    expect(codeOf(wrong)).toBe('FORBIDDEN');
    expect(statusOf(await get(member, intro.id))).toBe('TARGET_ASKED');

    const done = await respond(broker, intro.id, true, { onBehalfOfPersonId: priyaId });
    expect(done.status).toBe('INTRODUCED');
    const mine = (await get(member, intro.id))!;
    expect(mine.introducedContact).toMatchObject({ email: priyaEmail });
    expect(await nodeIdOf(mine.introducedContact.person.id)).toBe(await nodeIdOf(priyaId));
    const toPriya = await eventually(
      async () => messagesAbout(`To: ${priyaEmail}`),
      (m) => m.length > 0,
    );
    expect(toPriya).toHaveLength(1);
    expect(toPriya[0]).toContain('Why you are getting this');
    expect(toPriya[0]).toContain(member.email);
  });
});

describe('introductions: declines are private and offer another path', () => {
  it('tells the member the path closed, not who closed it; the decline note stays with the decliner; the next best path is offered', async () => {
    const [member, first, second, target] = await Promise.all([
      account(['MEMBER'], unique('Dee Member')),
      account(['VOLUNTEER'], unique('Fay First')),
      account(['VOLUNTEER'], unique('Sid Second')),
      account(['MEMBER'], unique('Tom Target')),
    ]);
    await addContact(member, { displayName: first.name, email: first.email, context: 'FRIEND', strength: 0.95 });
    await addContact(member, { displayName: second.name, email: second.email, context: 'NEIGHBOUR', strength: 0.5 });
    await addContact(first, { displayName: target.name, email: target.email, context: 'COLLEAGUE', strength: 0.9, roles: [{ title: 'Electrician' }] });
    await addContact(second, { displayName: target.name, email: target.email, context: 'FRIEND', strength: 0.9, roles: [{ title: 'Electrician' }] });
    const intro = await request(member, await pathTo(member, 'Electrician'));
    expect(await nodeIdOf(intro.steps[0].person.id)).toBe(await nodeIdOf(first.personId));

    const declined = await respond(first, intro.id, false, { note: 'Not a good time for me, sorry', shareNoteWithCoach: true });
    expect(declined.status).toBe('DECLINED');
    expect(declined.history.at(-1)).toMatchObject({ status: 'DECLINED', actorLabel: 'You', note: 'Not a good time for me, sorry' });

    const seen = await eventually(
      () => get(member, intro.id),
      (r) => r?.nextPath !== null,
    );
    expect(seen!.status).toBe('DECLINED');
    const decline = seen!.history.find((e: Intro) => e.status === 'DECLINED');
    expect(decline).toMatchObject({ actorLabel: 'Backr', note: 'the path closed' });
    expect(JSON.stringify(seen!.history)).not.toContain('Not a good time');
    expect(JSON.stringify(seen!.history)).not.toContain(first.name);
    expect(seen!.nextPath.steps[0].label).toContain(second.name);
    const closedMail = await eventually(
      async () => messagesAbout(intro.id).filter((t) => t.includes('Another path')),
      (m) => m.length > 0,
    );
    expect(closedMail[0]).not.toContain(first.name);

    // Nobody new is asked until the member confirms the offered path.
    expect(ok(await gql<{ introductionInbox: any }>(INBOX, {}, second.token)).introductionInbox.totalCount).toBe(0);
    const rerouted = await request(member, seen!.nextPath.id);
    expect(await nodeIdOf(rerouted.steps[0].person.id)).toBe(await nodeIdOf(second.personId));
    expect(ok(await gql<{ introductionInbox: any }>(INBOX, {}, second.token)).introductionInbox.totalCount).toBe(1);
  });
});

describe('introductions: withdrawal, idempotency and bad input', () => {
  let c: Awaited<ReturnType<typeof chain>>;
  let intro: Intro;
  let pathId: string;

  beforeAll(async () => {
    c = await chain('Plumber');
    pathId = await pathTo(c.member, c.work);
    intro = await request(c.member, pathId, 'Looking for plumbing apprenticeships', 'click-1');
  });

  it('returns the same request for the same clientMutationId, and refuses a second open request to the same person', async () => {
    const again = await request(c.member, pathId, 'Looking for plumbing apprenticeships', 'click-1');
    expect(again.id).toBe(intro.id);
    const twice = await gql(REQUEST, { input: { pathId, message: 'again', clientMutationId: 'click-2' } }, c.member.token);
    expect(codeOf(twice)).toBe('CONFLICT');
    expect(ok(await gql<{ myIntroductions: any }>(MINE, {}, c.member.token)).myIntroductions.totalCount).toBe(1);
  });

  it.each([
    ['a forged path id', 'p1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'BAD_USER_INPUT'],
    ['something that is not a path id', 'hello', 'BAD_USER_INPUT'],
  ])('refuses %s, naming input.pathId', async (_label, badPath, code) => {
    const res = await gql(REQUEST, { input: { pathId: badPath, message: 'hi' } }, c.member.token);
    expect(codeOf(res)).toBe(code);
    expect(res.errors![0].extensions!.field).toBe('input.pathId');
  });

  it("refuses someone else's path id", async () => {
    const res = await gql(REQUEST, { input: { pathId, message: 'hi' } }, c.broker.token);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toContain('another account');
  });

  it('refuses an empty message and one over the limit', async () => {
    for (const message of ['   ', 'x'.repeat(2001)]) {
      const res = await gql(REQUEST, { input: { pathId, message } }, c.member.token);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe('input.message');
    }
  });

  it('refuses answers from people not being asked, and notes over the limit, leaving the state as it was', async () => {
    expect(codeOf(await gql(RESPOND, { input: { requestId: intro.id, accept: true } }, c.target.token))).toBe('NOT_FOUND');
    expect(codeOf(await gql(RESPOND, { input: { requestId: intro.id, accept: true } }, c.member.token))).toBe('FORBIDDEN');
    const long = await gql(RESPOND, { input: { requestId: intro.id, accept: true, note: 'n'.repeat(1001) } }, c.broker.token);
    expect(codeOf(long)).toBe('BAD_USER_INPUT');
    expect(long.errors![0].extensions!.field).toBe('input.note');
    expect(codeOf(await gql(RESPOND, { input: { requestId: 'bm9wZQ', accept: true } }, c.broker.token))).toBe('BAD_USER_INPUT');
    // An empty id is an id given, and not a valid one: refused, not read as "left out" (found by the fuzz test).
    const empty = await gql(RESPOND, { input: { requestId: intro.id, accept: true, onBehalfOfPersonId: '' } }, c.broker.token);
    expect(codeOf(empty)).toBe('BAD_USER_INPUT');
    expect(empty.errors![0].extensions!.field).toBe('input.onBehalfOfPersonId');
    const now = (await get(c.member, intro.id))!;
    expect(now).toMatchObject({ status: 'ASKING', currentStep: 0 });
    expect(now.history).toHaveLength(2);
  });

  it('refuses an outcome before the introduction is made', async () => {
    const res = await gql(OUTCOME, { input: { requestId: intro.id, met: true, outcome: 'ADVICE' } }, c.member.token);
    expect(codeOf(res)).toBe('CONFLICT');
    expect(statusOf(await get(c.member, intro.id))).toBe('ASKING');
  });

  it("refuses withdrawing someone else's request", async () => {
    expect(codeOf(await gql(WITHDRAW, { id: intro.id }, c.broker.token))).toBe('FORBIDDEN');
    const stranger = await newUser();
    expect(codeOf(await gql(WITHDRAW, { id: intro.id }, stranger.token))).toBe('NOT_FOUND');
  });

  it('records one answer for a double-clicked accept', async () => {
    const [a, b] = await Promise.all([
      gql<{ respondToIntroduction: Intro }>(RESPOND, { input: { requestId: intro.id, accept: true } }, c.broker.token),
      gql<{ respondToIntroduction: Intro }>(RESPOND, { input: { requestId: intro.id, accept: true } }, c.broker.token),
    ]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    const now = (await get(c.member, intro.id))!;
    expect(now.status).toBe('TARGET_ASKED');
    expect(now.history.filter((e: Intro) => e.actorLabel === c.broker.name)).toHaveLength(1);
    const flipped = await gql(RESPOND, { input: { requestId: intro.id, accept: false } }, c.broker.token);
    expect(codeOf(flipped)).toBe('CONFLICT');
  });

  it('lets the member withdraw: the ask leaves the inbox, and answering it afterwards is a conflict', async () => {
    const withdrawn = ok(await gql<{ withdrawIntroduction: Intro }>(WITHDRAW, { id: intro.id }, c.member.token)).withdrawIntroduction;
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', currentStep: null });
    expect(ok(await gql<{ introductionInbox: any }>(INBOX, {}, c.target.token)).introductionInbox.totalCount).toBe(0);
    expect(codeOf(await gql(RESPOND, { input: { requestId: intro.id, accept: true } }, c.target.token))).toBe('CONFLICT');
    expect(codeOf(await gql(WITHDRAW, { id: intro.id }, c.member.token))).toBe('CONFLICT');
  });
});
