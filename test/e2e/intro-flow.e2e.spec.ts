import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { codeOf, gql, unique, useApi } from '../support/api-client.js';
import { startStack, type Stack } from '../support/stack.js';
import { account, addContact, chain, eventually, get, INBOX, ok, PATHS, REQUEST, request, respond, WITHDRAW, type Intro } from '../support/intro-helpers.js';
import { messagesAbout } from '../support/outbox.js';
import { closeProbe, nodeIdOf } from '../support/graph-probe.js';

// A shared machine can be slow; these tests wait on the worker, never on a clock.
jest.setTimeout(180_000);

/** Issue 13, the rest: unanswered asks, automatic re-routing, and the small things people hit (item 7). */

const SETTINGS = `mutation($input: AccountSettingsInput!) { updateAccountSettings(input: $input) { brokerCapacity autoReroute } }`;
const MOVED = `query($id: ID!) { introductionRequest(id: $id) { id status movedTo nextPath { id steps { label } } history { note } } }`;
const ADD_INTRODUCED = `mutation($input: AddIntroducedContactInput!) { addIntroducedContact(input: $input) { person { id displayName } recorded { emails phones linkedinUrl } context } }`;
const paths = async (user: { token: string }, work: string) => ok(await gql<{ introPaths: any }>(PATHS, { input: { work } }, user.token)).introPaths.paths;
const inbox = async (user: { token: string }) => ok(await gql<{ introductionInbox: any }>(INBOX, {}, user.token)).introductionInbox;
const localId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':').slice(1).join(':');

afterAll(closeProbe);

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

describe('automatic re-routing (an account setting)', () => {
  it('moves a request waiting in line to the path with room at once, without asking the member', async () => {
    const c = await twoRoutes('Orthotist', 1);
    const set = ok(await gql<{ updateAccountSettings: any }>(SETTINGS, { input: { autoReroute: true } }, c.member.token)).updateAccountSettings;
    expect(set.autoReroute).toBe(true);
    const [rival, elsewhere] = await Promise.all([account(['MEMBER'], unique('Rik Rival')), account(['MEMBER'], unique('Eve Else'))]);
    await addContact(rival, { displayName: c.star.name, email: c.star.email, context: 'FRIEND', strength: 0.9 });
    await addContact(c.star, { displayName: elsewhere.name, email: elsewhere.email, context: 'FRIEND', strength: 0.5, roles: [{ title: 'Orthotist' }] });
    const handle = (await paths(c.member, 'Orthotist'))[0];
    expect(await nodeIdOf(handle.steps[0].person.id)).toBe(localId(c.star.personId));
    // Someone else's request fills the star's one place first.
    await request(rival, (await paths(rival, 'Orthotist')).find((p: Intro) => p.steps.length === 2).id);

    const waiting = await request(c.member, handle.id);
    expect(waiting.history.at(-1).note).toMatch(/^waiting in line/);

    const moved = (await eventually(
      async () => ok(await gql<{ introductionRequest: any }>(MOVED, { id: waiting.id }, c.member.token)).introductionRequest,
      (r) => r.movedTo !== null,
      90_000,
    ))!;
    expect(moved.status).toBe('WITHDRAWN');
    expect(moved.history.at(-1).note).toMatch(/moved to another path automatically/);
    const now = (await get(c.member, moved.movedTo))!;
    expect(now).toMatchObject({ status: 'ASKING', currentStep: 0, message: waiting.message });
    expect(await nodeIdOf(now.steps[0].person.id)).toBe(localId(c.other.personId));
    expect((await inbox(c.other)).edges.map((e: Intro) => e.node.id)).toContain(now.id);
    const told = await eventually(
      async () => messagesAbout(waiting.id).filter((t) => t.includes(`To: ${c.member.email}`) && t.includes('moved to another path')),
      (m) => m.length > 0,
      90_000,
    );
    expect(told[0]).toContain('as you asked in your settings');
  });

  it('leaves the request in line and offers the path when the member has not opted in', async () => {
    const c = await twoRoutes('Prosthetist', 1);
    expect(ok(await gql<{ me: any }>(`{ me { autoReroute } }`, {}, c.member.token)).me.autoReroute).toBe(false);
    const rival = await account(['MEMBER'], unique('Rue Rival'));
    await addContact(rival, { displayName: c.star.name, email: c.star.email, context: 'FRIEND', strength: 0.9 });
    const filler = await account(['MEMBER'], unique('Fay Filler'));
    await addContact(c.star, { displayName: filler.name, email: filler.email, context: 'FRIEND', strength: 0.5, roles: [{ title: 'Prosthetist' }] });
    const handle = (await paths(c.member, 'Prosthetist'))[0];
    await request(rival, (await paths(rival, 'Prosthetist')).find((p: Intro) => p.steps.length === 2).id);
    const waiting = await request(c.member, handle.id);
    expect(waiting.history.at(-1).note).toMatch(/^waiting in line/);
    const offered = (await eventually(
      () => get(c.member, waiting.id),
      (r) => r?.nextPath !== null,
      90_000,
    ))!;
    expect(offered.status).toBe('ASKING');
    expect(ok(await gql<{ introductionRequest: any }>(MOVED, { id: waiting.id }, c.member.token)).introductionRequest.movedTo).toBeNull();
  });
});

describe('small things people hit', () => {
  it('tells a member who asks to be introduced to their own contact so, and offers that contact', async () => {
    const [member, friend] = await Promise.all([account(['MEMBER'], unique('Kit Member')), account(['MEMBER'], unique('Dee Direct'))]);
    const contactId = await addContact(member, {
      displayName: 'Dee from the allotment',
      email: friend.email,
      context: 'NEIGHBOUR',
      strength: 0.7,
      roles: [{ title: 'Chiropodist' }],
    });
    const [path] = await paths(member, 'Chiropodist');
    const res = await gql(REQUEST, { input: { pathId: path.id, message: 'Could we talk about your work?' } }, member.token);
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0].extensions).toMatchObject({ field: 'input.pathId', contactId });
    expect(res.errors![0].message).toContain('you already know this person directly');
    expect(res.errors![0].message).toContain('Dee from the allotment');
    expect(ok(await gql<{ myIntroductions: any }>(`{ myIntroductions(first: 5) { totalCount } }`, {}, member.token)).myIntroductions.totalCount).toBe(0);
  });

  it('warns before a repeat request to the same person, and asks again once confirmed', async () => {
    const { member, broker } = await chain('Sonographer');
    const first = await request(member, (await paths(member, 'Sonographer'))[0].id);
    ok(await gql(WITHDRAW, { id: first.id }, member.token));
    const again = await gql(REQUEST, { input: { pathId: (await paths(member, 'Sonographer'))[0].id, message: 'Trying once more.' } }, member.token);
    expect(codeOf(again)).toBe('CONFLICT');
    expect(again.errors![0].extensions).toMatchObject({ field: 'input.confirmRepeat' });
    expect(again.errors![0].message).toMatch(/you asked for an introduction to this person before \(on \w+day \d+ \w+ \d{4} at [^;]+; you withdrew it\)/);
    expect((await inbox(broker)).totalCount).toBe(0);
    const confirmed = ok(
      await gql<{ requestIntroduction: Intro }>(
        REQUEST,
        { input: { pathId: (await paths(member, 'Sonographer'))[0].id, message: 'Trying once more.', confirmRepeat: true } },
        member.token,
      ),
    ).requestIntroduction;
    expect(confirmed.status).toBe('ASKING');
    expect((await inbox(broker)).edges.map((e: Intro) => e.node.id)).toEqual([confirmed.id]);
  });

  it("adds the person introduced to the member's network in one step, with what was shared, once", async () => {
    const { member, broker, target } = await chain('Optometrist');
    const intro = await request(member, (await paths(member, 'Optometrist'))[0].id);
    await respond(broker, intro.id, true);
    expect((await respond(target, intro.id, true)).status).toBe('INTRODUCED');

    // The broker was asked but not introduced: nothing to add, as for an unknown request.
    expect(codeOf(await gql(ADD_INTRODUCED, { input: { requestId: intro.id } }, broker.token))).toBe('NOT_FOUND');
    const added = ok(
      await gql<{ addIntroducedContact: any }>(
        ADD_INTRODUCED,
        { input: { requestId: intro.id, displayName: 'Tess, optometrist', strength: 0.9 } },
        member.token,
      ),
    ).addIntroducedContact;
    expect(added).toMatchObject({ person: { displayName: 'Tess, optometrist' }, recorded: { phones: [], linkedinUrl: null }, context: 'PROFESSIONAL' });
    expect(added.recorded.emails.map((e: string) => e.toLowerCase())).toEqual([target.email.toLowerCase()]);
    expect(await nodeIdOf(added.person.id)).toBe(localId(target.personId));
    const twice = await gql(ADD_INTRODUCED, { input: { requestId: intro.id } }, member.token);
    expect(codeOf(twice)).toBe('CONFLICT');
    expect(twice.errors![0].message).toContain('already in your network');
    // The target, now a close contact, is no longer an introduction away.
    const [path] = await paths(member, 'Optometrist');
    expect(codeOf(await gql(REQUEST, { input: { pathId: path.id, message: 'again?', confirmRepeat: true } }, member.token))).toBe('CONFLICT');
  });

  it('passes on the LinkedIn URL when that is all the volunteer noted for the person', async () => {
    const [member, broker] = await Promise.all([account(['MEMBER'], unique('Lou Member')), account(['VOLUNTEER'], unique('Lin Broker'))]);
    await addContact(member, { displayName: broker.name, email: broker.email, context: 'FRIEND', strength: 0.9 });
    const linkedinUrl = `https://www.linkedin.com/in/${unique('only-linkedin')
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-')}`;
    const targetId = await addContact(broker, {
      displayName: 'Lee Linked',
      linkedinUrl,
      context: 'EX_COLLEAGUE',
      strength: 0.8,
      roles: [{ title: 'Orthodontist' }],
    });
    const intro = await request(member, (await paths(member, 'Orthodontist'))[0].id);
    await respond(broker, intro.id, true);
    const done = await respond(broker, intro.id, true, { onBehalfOfPersonId: targetId });
    expect(done.status).toBe('INTRODUCED');
    const seen = ok(
      await gql<{ introductionRequest: any }>(
        `query($id: ID!) { introductionRequest(id: $id) { introducedContact { email phone linkedinUrl } } }`,
        { id: intro.id },
        member.token,
      ),
    ).introductionRequest;
    expect(seen.introducedContact).toEqual({ email: null, phone: null, linkedinUrl: expect.stringContaining('linkedin.com/in/') });
    const added = ok(await gql<{ addIntroducedContact: any }>(ADD_INTRODUCED, { input: { requestId: intro.id } }, member.token)).addIntroducedContact;
    expect(added.recorded).toEqual({ emails: [], phones: [], linkedinUrl: seen.introducedContact.linkedinUrl });
  });

  it('exports the away date and the re-routing choice with the account', async () => {
    const volunteer = await account(['VOLUNTEER'], unique('Ada Away'));
    const until = new Date(Date.now() + 5 * 24 * 3600 * 1000).toISOString();
    ok(
      await gql(
        `mutation($input: AccountSettingsInput!) { updateAccountSettings(input: $input) { autoReroute } }`,
        { input: { awayUntil: until, autoReroute: true } },
        volunteer.token,
      ),
    );
    const data = JSON.parse(ok(await gql<{ exportMyData: string }>(`{ exportMyData }`, {}, volunteer.token)).exportMyData);
    expect(data.account.autoReroute).toBe(true);
    expect(new Date(data.account.awayUntil).toISOString()).toBe(until);
  });
});

describe('an ask left unanswered (on a private stack where the bound is 3 seconds)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('intro-unanswered', { INTRO_ASK_UNANSWERED_SECONDS: '3' });
    useApi(stack.apiUrl);
  }, 180_000);
  afterAll(async () => {
    useApi(null);
    await stack?.stop();
  }, 90_000);

  it('offers another path, moves the request when confirmed, and ranks the silent volunteer lower for everyone', async () => {
    const c = await twoRoutes('Cardiographer');
    const intro = await request(c.member, (await paths(c.member, 'Cardiographer'))[0].id);
    expect((await inbox(c.star)).edges.map((e: Intro) => e.node.id)).toEqual([intro.id]);

    const offered = (await eventually(
      () => get(c.member, intro.id),
      (r) => r?.nextPath !== null,
      90_000,
    ))!;
    expect(offered).toMatchObject({ status: 'ASKING', currentStep: 0 });
    expect(offered.nextPath.steps[0].label).toContain(c.other.name);
    expect(offered.history.some((e: Intro) => /no answer yet/.test(e.note ?? ''))).toBe(true);
    expect(JSON.stringify(offered.history)).not.toContain(c.star.name);

    // Another member with the same two volunteers: the star's silence now ranks them below the other volunteer.
    const second = await account(['MEMBER'], unique('Sam Second'));
    await addContact(second, { displayName: c.star.name, email: c.star.email, context: 'FRIEND', strength: 0.95 });
    await addContact(second, { displayName: c.other.name, email: c.other.email, context: 'FRIEND', strength: 0.6 });
    expect(await nodeIdOf((await paths(second, 'Cardiographer'))[0].steps[0].person.id)).toBe(localId(c.other.personId));

    const moved = await request(c.member, offered.nextPath.id);
    expect(await nodeIdOf(moved.steps[0].person.id)).toBe(localId(c.other.personId));
    expect((await get(c.member, intro.id))!.status).toBe('WITHDRAWN');
    expect((await inbox(c.star)).totalCount).toBe(0);
    expect((await inbox(c.other)).edges.map((e: Intro) => e.node.id)).toContain(moved.id);
  });
});
