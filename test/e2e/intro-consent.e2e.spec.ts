import { describe, expect, it, jest } from '@jest/globals';
import { gql, unique } from '../support/api-client.js';
import { account, addContact, chain, eventually, get, INBOX, ok, pathTo, request, respond, type Intro } from '../support/intro-helpers.js';
import { messagesAbout } from '../support/outbox.js';

// A shared machine can be slow; these tests wait on the worker, never on a clock.
jest.setTimeout(180_000);

/**
 * Issue 12's introduction findings (3, 4, 6, 9), replayed as an attacker would: each reproduction
 * from the issue, asserting the promise now holds.
 */

const inboxOf = async (user: { token: string }) => ok(await gql<{ introductionInbox: any }>(INBOX, {}, user.token)).introductionInbox;
/** The parts of a history a requester could compare between requests (times differ). */
const shape = (intro: Intro) => intro.history.map((e: Intro) => [e.status, e.actorLabel, e.note]);

describe('finding 3: names before consent', () => {
  it('does not name a later step who privately recorded the requester, before or after they decline', async () => {
    const c = await chain('Midwife');
    // The target once recorded the member, privately (members do not lend by default).
    await addContact(c.target, { displayName: 'Mia from the gym (do not trust)', email: c.member.email, context: 'OTHER', strength: 0.2 });
    const intro = await request(c.member, await pathTo(c.member, c.work));
    expect(intro.steps[1].person).toBeNull();
    expect(JSON.stringify(intro)).not.toContain(c.target.name);
    expect(JSON.stringify(intro)).not.toContain(c.target.personId);

    await respond(c.broker, intro.id, true);
    const asked = (await get(c.member, intro.id))!;
    expect(asked.steps[1].person).toBeNull();
    // The target's own record of the member stays the target's: they see their own label.
    const targetView = (await inboxOf(c.target)).edges.find((e: any) => e.node.id === intro.id).node;
    expect(targetView.requester.displayName).toBe('Mia from the gym (do not trust)');

    await respond(c.target, intro.id, false);
    const after = await eventually(
      () => get(c.member, intro.id),
      (r) => r!.history.some((e: Intro) => /other path/.test(e.note ?? '')),
      90_000,
    );
    expect(after!.steps[1].person).toBeNull();
    expect(JSON.stringify(after)).not.toContain(c.target.name);
    expect(JSON.stringify(after)).not.toContain(c.target.personId);
  });

  it('names a member on the request once they accepted on it', async () => {
    const c = await chain('Sonographer');
    const intro = await request(c.member, await pathTo(c.member, c.work));
    await respond(c.broker, intro.id, true);
    await respond(c.target, intro.id, true);
    const done = (await get(c.member, intro.id))!;
    expect(done.status).toBe('INTRODUCED');
    expect(done.steps[1].person).toMatchObject({ id: c.target.personId, displayName: c.target.name });
  });
});

describe('finding 4: the decliner is never identifiable', () => {
  it("shows the same closed request whether the broker (the member's own contact) or the target said no", async () => {
    const [a, b] = await Promise.all([chain('Optometrist'), chain('Optometrist')]);
    const byBroker = await request(a.member, await pathTo(a.member, a.work));
    const byTarget = await request(b.member, await pathTo(b.member, b.work));
    await respond(a.broker, byBroker.id, false, { note: 'no' });
    await respond(b.broker, byTarget.id, true);
    await respond(b.target, byTarget.id, false, { note: 'no' });

    const settled = (r: Intro | null) => !!r && r.history.some((e: Intro) => /other path/.test(e.note ?? ''));
    const [seenA, seenB] = await Promise.all([
      eventually(() => get(a.member, byBroker.id), settled, 90_000),
      eventually(() => get(b.member, byTarget.id), settled, 90_000),
    ]);
    for (const seen of [seenA!, seenB!]) {
      expect(seen).toMatchObject({ status: 'DECLINED', currentStep: null, nextPath: null });
      expect(seen.history.some((e: Intro) => e.status === 'TARGET_ASKED' || e.status === 'ASKING')).toBe(false);
      expect(seen.history.find((e: Intro) => e.status === 'DECLINED')).toMatchObject({ actorLabel: 'Backr', note: 'the path closed' });
    }
    expect(shape(seenA!)).toEqual(shape(seenB!));
    expect(JSON.stringify(seenB)).not.toContain(b.target.name);
    // The mails say the same too.
    const mailA = await eventually(
      async () => messagesAbout(byBroker.id).filter((t) => t.includes(`To: ${a.member.email}`)),
      (m) => m.length > 0,
      90_000,
    );
    const mailB = await eventually(
      async () => messagesAbout(byTarget.id).filter((t) => t.includes(`To: ${b.member.email}`) && t.includes('closed')),
      (m) => m.length > 0,
      90_000,
    );
    const body = (t: string) =>
      t
        .slice(t.indexOf('\n\n'))
        .replace(/Hello [^,]*,/, '')
        .replace(/introductions\/\S+/, '');
    expect(body(mailA.find((t) => t.includes('closed'))!)).toEqual(body(mailB[0]));
  });
});

describe('finding 6: labels stay with their recorder', () => {
  it("never shows or mails a first recorder's private label to anyone else", async () => {
    const [first, broker, member] = await Promise.all([
      account(['MEMBER'], unique('Fran First')),
      account(['VOLUNTEER'], unique('Bea Broker')),
      account(['MEMBER'], unique('Max Member')),
    ]);
    const terryEmail = `${unique('terry')}@example.org`;
    await addContact(first, { displayName: 'Terry (owes me £200, drinks)', email: terryEmail, context: 'FRIEND', strength: 0.5 });
    const terryId = await addContact(broker, {
      displayName: 'Terry Jones',
      email: terryEmail,
      context: 'COMMUNITY',
      strength: 0.8,
      roles: [{ title: 'Joiner', organisation: 'Oak Joinery' }],
    });
    await addContact(member, { displayName: broker.name, email: broker.email, context: 'FRIEND', strength: 0.9 });

    const intro = await request(member, await pathTo(member, 'Joiner'));
    expect(JSON.stringify(intro)).not.toContain('owes me');
    expect(intro.steps[1].label).toContain('joiner');
    const brokerView = (await inboxOf(broker)).edges.find((e: any) => e.node.id === intro.id).node;
    expect(brokerView.steps[1]).toMatchObject({ label: 'Terry Jones', person: { id: terryId, displayName: 'Terry Jones' } });

    await respond(broker, intro.id, true);
    await respond(broker, intro.id, true, { onBehalfOfPersonId: terryId });
    const done = (await get(member, intro.id))!;
    expect(done.status).toBe('INTRODUCED');
    expect(JSON.stringify(done)).not.toContain('owes me');
    expect(done.introducedContact.email).toBe(terryEmail);

    const toTerry = await eventually(
      async () => messagesAbout(`To: ${terryEmail}`),
      (m) => m.length > 0,
      90_000,
    );
    expect(toTerry[0]).toContain('Hello Terry Jones');
    const all = await eventually(
      async () => messagesAbout(intro.id),
      (m) => m.length >= 3,
      90_000,
    );
    for (const text of [...all, ...toTerry]) expect(text).not.toContain('owes me');
  });
});

describe('finding 9: work shown only from roles the viewer may see', () => {
  it('does not show the broker a role that only a non-lending requester recorded', async () => {
    const [member, broker, target] = await Promise.all([
      account(['MEMBER'], unique('Nia Nonlender')),
      account(['VOLUNTEER'], unique('Ben Broker')),
      account(['MEMBER'], unique('Cara Carer')),
    ]);
    await addContact(member, { displayName: broker.name, email: broker.email, context: 'FRIEND', strength: 0.9 });
    // Weakly known to the member, with a role only the member recorded; well known to the broker, with no role.
    await addContact(member, {
      displayName: 'Cara',
      email: target.email,
      context: 'OTHER',
      strength: 0.1,
      roles: [{ title: 'Senior care assistant', organisation: 'Oakfield Care Home' }],
    });
    await addContact(broker, { displayName: target.name, email: target.email, context: 'NEIGHBOUR', strength: 0.9 });

    const intro = await request(member, await pathTo(member, 'Senior care assistant'));
    expect(intro.steps).toHaveLength(2);
    const brokerView = (await inboxOf(broker)).edges.find((e: any) => e.node.id === intro.id).node;
    expect(brokerView.steps[1].work).toBeNull();
    expect(JSON.stringify(brokerView)).not.toContain('Oakfield');
    const ask = await eventually(
      async () => messagesAbout(intro.id).filter((t) => t.includes(`To: ${broker.email}`)),
      (m) => m.length > 0,
      90_000,
    );
    expect(ask[0]).not.toContain('Oakfield');
    expect(ask[0]).not.toContain('care assistant');
  });
});
