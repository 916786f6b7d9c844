import { toGlobalId } from '#libs/common';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { codeOf, gql, newUser, unique } from '../support/api-client.js';
import { closeProbe, cypher, nodeIdOf } from '../support/graph-probe.js';
import { finished, importFile } from '../support/import-helpers.js';
import { account, addContact, chain, eventually, get, INBOX, ok, pathTo, request, respond } from '../support/intro-helpers.js';
import { testRun } from '../support/test-env.js';
import { messageTo } from '../support/outbox.js';

// Worker effects are awaited with eventually()'s generous default (a shared machine can be slow).
jest.setTimeout(180_000);

const DELETE = `mutation($confirm: String!) { deleteMyAccount(confirm: $confirm) }`;
const SUPPRESS = `mutation($id: ID!) { suppressPerson(personId: $id) }`;
const OBJECT = `mutation($token: String!) { objectToContact(token: $token) }`;
const AUDIT = `query($subjectId: ID, $first: Int, $after: String) { auditLog(subjectId: $subjectId, first: $first, after: $after) {
  edges { cursor node { id at action actorId subjectId } } pageInfo { hasNextPage endCursor } } }`;
const NETWORK = `{ network(first: 50) { totalCount edges { node { person { id displayName isMember } } } } }`;
const localId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':').slice(1).join(':');

afterAll(closeProbe);

describe('deleteMyAccount', () => {
  it('refuses without the exact confirmation and changes nothing', async () => {
    const me = await account(['MEMBER'], unique('Careful'));
    for (const confirm of ['', 'delete', 'DELETE ', 'yes']) {
      const res = await gql(DELETE, { confirm }, me.token);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe('confirm');
    }
    expect(ok(await gql<{ me: any }>(`{ me { person { id } } }`, {}, me.token)).me.person.id).toBe(me.personId);
  });

  it('erases what only they entered, keeps people others know (unlinked), frees brokers, and refuses the old token', async () => {
    const [me, other, broker, target, admin, coach] = await Promise.all([
      account(['MEMBER'], unique('Leaving Member')),
      account(['MEMBER'], unique('Staying Friend')),
      account(['VOLUNTEER'], unique('Busy Broker')),
      account(['MEMBER'], unique('Far Target')),
      account(['ADMIN'], unique('Audit Admin')),
      account(['COACH'], unique('Their Coach')),
    ]);
    const sharedEmail = `${unique('shared')}@example.org`;
    const sisterId = await addContact(me, { displayName: 'Only My Sister', phone: '+44 20 7946 0111', context: 'FAMILY', strength: 1 });
    const sharedId = await addContact(me, { displayName: 'Shared Neighbour', email: sharedEmail, context: 'NEIGHBOUR', strength: 0.5 });
    const sisterNode = await nodeIdOf(sisterId);
    const sharedNode = await nodeIdOf(sharedId);
    expect(await nodeIdOf(await addContact(other, { displayName: 'Our Neighbour', email: sharedEmail, context: 'NEIGHBOUR', strength: 0.6 }))).toBe(sharedNode);
    // Someone else knows me (by my account email): my node stays for them, as they recorded it.
    await addContact(other, { displayName: 'Leaving, as I call them', email: me.email, context: 'FRIEND', strength: 0.8 });
    ok(await gql(`mutation { setWorkGoals(goals: [{ work: "Paramedic" }]) { work } }`, {}, me.token));
    ok(await gql(`mutation($m: ID!, $c: ID!) { assignCoach(memberId: $m, coachId: $c) { networkSize } }`, { m: me.personId, c: coach.personId }, admin.token));
    ok(
      await gql(
        `mutation($input: AddCoachNoteInput!) { addCoachNote(input: $input) { id } }`,
        { input: { memberId: me.personId, body: 'Private reflection about them' } },
        coach.token,
      ),
    );
    // An open introduction: my ask is open with the broker.
    await addContact(me, { displayName: broker.name, email: broker.email, context: 'FRIEND', strength: 0.9 });
    await addContact(broker, { displayName: target.name, email: target.email, context: 'EX_COLLEAGUE', strength: 0.8, roles: [{ title: 'Paramedic' }] });
    const intro = await request(me, await pathTo(me, 'Paramedic'));
    expect(ok(await gql<{ introductionInbox: any }>(INBOX, {}, broker.token)).introductionInbox.totalCount).toBe(1);
    const job = await importFile(me, 'LINKEDIN_CSV', 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nImp,Orted,,imp@example.org,,,');
    await finished(me, job.id);

    expect(ok(await gql<{ deleteMyAccount: boolean }>(DELETE, { confirm: 'DELETE' }, me.token)).deleteMyAccount).toBe(true);

    const meId = localId(me.personId);
    const [left] = await cypher<{ labels: string[]; keys: string[] }>(`MATCH (p:Person {id: $id}) RETURN labels(p) AS labels, keys(p) AS keys`, { id: meId });
    expect(left.labels).toEqual(['Person']);
    expect(left.keys.sort()).toEqual(['createdAt', 'displayName', 'id']);
    const [counts] = await cypher<Record<string, number>>(
      `RETURN COUNT { MATCH (:Person {id: $id})-[r]->() WHERE NOT r:HAS_ROLE } AS outgoing,
              COUNT { MATCH (:Person {id: $sister}) } AS sister,
              COUNT { MATCH (:Person {id: $shared}) } AS shared,
              COUNT { MATCH (r:IntroRequest {requesterId: $id}) } AS requests,
              COUNT { MATCH (n:CoachNote {memberId: $id}) } AS notes,
              COUNT { MATCH (j:ImportJob {ownerId: $id}) } AS imports,
              COUNT { MATCH (:Person {id: $coach})-[:COACHES]->() } AS coached,
              COUNT { MATCH (ik:IdentityKey)-[:IDENTIFIES]->(:Person {id: $id}) } AS keys,
              COUNT { MATCH (t:ErasedAccount) } AS tombstones`,
      { id: meId, sister: sisterNode, shared: sharedNode, coach: localId(coach.personId) },
    );
    expect(counts).toMatchObject({ outgoing: 0, sister: 0, shared: 1, requests: 0, notes: 0, imports: 0, coached: 0, keys: 1 });
    expect(counts.tombstones).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(await cypher(`MATCH (p:Person {id: $id}) RETURN p`, { id: meId }))).not.toContain(me.email);
    // The neighbour both knew stays with the other's name for them, no trace of who created them, and the key the other's email supports.
    const [shared] = await cypher<{ name: string; createdBy: string | null; keys: number }>(
      `MATCH (p:Person {id: $id}) RETURN p.displayName AS name, p.createdBy AS createdBy, COUNT { (:IdentityKey)-[:IDENTIFIES]->(p) } AS keys`,
      { id: sharedNode },
    );
    expect(shared).toEqual({ name: 'Our Neighbour', createdBy: null, keys: 1 });

    // Others keep what they recorded; the member shows as the name the other gave them.
    const theirs = ok(await gql<{ network: any }>(NETWORK, {}, other.token))
      .network.edges.map((e: any) => e.node.person.displayName)
      .sort();
    expect(theirs).toEqual(['Leaving, as I call them', 'Our Neighbour']);
    // The broker's slot is free and the request is gone.
    expect(ok(await gql<{ introductionInbox: any }>(INBOX, {}, broker.token)).introductionInbox.totalCount).toBe(0);
    expect(await get(broker, intro.id)).toBeNull();
    const [b] = await cypher<{ open: number }>(`MATCH (b:Person {id: $id}) RETURN b.openAsks AS open`, { id: localId(broker.personId) });
    expect(b.open).toBe(0);

    const old = await gql(`{ me { id } }`, {}, me.token);
    expect(codeOf(old)).toBe('UNAUTHENTICATED');
    expect(old.errors![0].message).toMatch(/deleted/);

    const audit = ok(await gql<{ auditLog: any }>(AUDIT, { subjectId: me.personId }, admin.token)).auditLog;
    expect(audit.edges.map((e: any) => e.node)).toEqual([expect.objectContaining({ action: 'DELETE_ACCOUNT', actorId: me.personId, subjectId: me.personId })]);
  }, 180_000);

  it('removes an account nobody else knows entirely, and a later sign-in starts afresh', async () => {
    const me = await account(['MEMBER'], unique('Alone'));
    ok(await gql(DELETE, { confirm: 'DELETE' }, me.token));
    expect(await cypher(`MATCH (p:Person {id: $id}) RETURN p`, { id: localId(me.personId) })).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 1100)); // token times are in whole seconds
    const { signDevToken } = await import('#libs/auth');
    const { TEST_JWT_SECRET } = await import('../support/test-env.js');
    const fresh = await signDevToken(TEST_JWT_SECRET, { sub: me.sub, name: 'Back Again', email: me.email, roles: ['MEMBER'] });
    const again = ok(await gql<{ me: any }>(`{ me { person { id displayName } } }`, {}, fresh));
    expect(again.me.person.id).not.toBe(me.personId);
    expect(again.me.person.displayName).toBe('Back Again');
  });

  it('ends open requests that would ask them: the member hears the path closed and is offered another', async () => {
    const c = await chain('Erasure paramedic');
    const intro = await request(c.member, await pathTo(c.member, 'Erasure paramedic'));
    ok(await gql(DELETE, { confirm: 'DELETE' }, c.broker.token));
    const seen = await get(c.member, intro.id);
    expect(seen).toMatchObject({ status: 'EXPIRED' });
    const last = seen!.history[seen!.history.length - 1];
    expect(last.status).toBe('EXPIRED');
    // The member still has the broker as a contact of their own (what they recorded), no longer a member.
    const theirs = ok(await gql<{ network: any }>(NETWORK, {}, c.member.token)).network.edges.map((e: any) => e.node.person);
    expect(theirs).toEqual([{ id: expect.any(String), displayName: c.broker.name, isMember: false }]);
    expect(await nodeIdOf(theirs[0].id)).toBe(localId(c.broker.personId));
  });
});

describe('suppression of a person without an account', () => {
  it('an admin removes them everywhere; their hashed keys stop anyone adding or importing them again', async () => {
    const [a, b, admin, member] = await Promise.all([
      account(['MEMBER'], unique('Knows Them A')),
      account(['MEMBER'], unique('Knows Them B')),
      account(['ADMIN'], unique('Privacy Admin')),
      account(['MEMBER'], unique('Not Admin')),
    ]);
    const email = `${unique('objector')}@example.org`;
    const personId = toGlobalId(
      'Person',
      await nodeIdOf(await addContact(a, { displayName: 'Objector', email, context: 'FRIEND', strength: 0.5, roles: [{ title: 'Nurse' }] })),
    );
    await addContact(b, { displayName: 'Objector (B)', email, context: 'COMMUNITY', strength: 0.3 });

    expect(codeOf(await gql(SUPPRESS, { id: personId }, member.token))).toBe('FORBIDDEN');
    expect(codeOf(await gql(SUPPRESS, { id: a.personId }, admin.token))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(SUPPRESS, { id: 'UGVyc29uOm5vLXN1Y2g' }, admin.token))).toMatch(/NOT_FOUND|BAD_USER_INPUT/);
    expect(ok(await gql<{ suppressPerson: boolean }>(SUPPRESS, { id: personId }, admin.token)).suppressPerson).toBe(true);

    expect(await cypher(`MATCH (p:Person {id: $id}) RETURN p`, { id: localId(personId) })).toHaveLength(0);
    for (const u of [a, b]) expect(ok(await gql<{ network: any }>(NETWORK, {}, u.token)).network.totalCount).toBe(0);
    const again = await gql(
      `mutation($input: ContactInput!) { addContact(input: $input) { person { id } } }`,
      { input: { displayName: 'Again', email: email.toUpperCase(), context: 'FRIEND', strength: 0.5 } },
      b.token,
    );
    expect(codeOf(again)).toBe('BAD_USER_INPUT');
    expect(again.errors![0].message).toMatch(/asked Backr not to hold/);
    const job = await importFile(
      b,
      'LINKEDIN_CSV',
      `First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nOb,Jector,,${email},,,\r\nSome,One,,${unique('ok')}@example.org,,,`,
    );
    const done = await finished(b, job.id);
    expect(done).toMatchObject({ status: 'COMPLETED', created: 1, skipped: 1 });
    expect(ok(await gql<{ network: any }>(NETWORK, {}, b.token)).network.edges.map((e: any) => e.node.person.displayName)).toEqual(['Some One']);

    const audit = ok(await gql<{ auditLog: any }>(AUDIT, { subjectId: personId }, admin.token)).auditLog;
    expect(audit.edges.map((e: any) => e.node)).toEqual([expect.objectContaining({ action: 'SUPPRESS', actorId: admin.personId, subjectId: personId })]);
  });

  it('the person objects through the link in their first message (the page asks before anything is removed)', async () => {
    const [member, broker] = await Promise.all([account(['MEMBER'], unique('Link Requester')), account(['VOLUNTEER'], unique('Link Relay'))]);
    await addContact(member, { displayName: broker.name, email: broker.email, context: 'FRIEND', strength: 0.9 });
    const email = `${unique('linked')}@example.org`;
    const contactId = await addContact(broker, { displayName: 'Link Objector', email, context: 'COMMUNITY', strength: 0.7, roles: [{ title: 'Midwife' }] });
    const personId = toGlobalId('Person', await nodeIdOf(contactId));
    let intro = await request(member, await pathTo(member, 'Midwife'));
    intro = await respond(broker, intro.id, true);
    await respond(broker, intro.id, true, { onBehalfOfPersonId: contactId });
    const message = await eventually(
      async () => messageTo(email),
      (m) => m !== null,
    );
    const link = /(http\S+\/privacy\/object\?token=\S+)/.exec(message!)?.[1];
    expect(link).toBeDefined();
    const token = new URL(link!).searchParams.get('token')!;

    const pageUrl = `${testRun().apiUrl}/privacy/object?token=${encodeURIComponent(token)}`;
    const shown = await fetch(pageUrl);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('<form method="post"');
    expect(await cypher(`MATCH (p:Person {id: $id}) RETURN p.id`, { id: localId(personId) })).toHaveLength(1);

    const forged = await fetch(`${testRun().apiUrl}/privacy/object`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=forged',
    });
    expect(forged.status).toBe(400);
    const removed = await fetch(`${testRun().apiUrl}/privacy/object`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(token)}`,
    });
    expect(removed.status).toBe(200);
    expect(await cypher(`MATCH (p:Person {id: $id}) RETURN p.id`, { id: localId(personId) })).toHaveLength(0);
    // The member's history still reads, without the person.
    expect((await get(member, intro.id))!.status).toBe('INTRODUCED');
    // The GraphQL form of the same right refuses a bad token with a reason.
    const bad = await gql(OBJECT, { token: 'nope' });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
  });
});

describe('an objection by mail or phone: an admin acts on the address the person gives', () => {
  const BY_ADDRESS = `mutation($input: SuppressAddressInput!) { suppressAddress(input: $input) { peopleRemoved recordsRemoved peopleToReview accountsHolding addressBlocked } }`;
  const ADD = `mutation($input: ContactInput!) { addContact(input: $input) { person { id } } }`;

  it('removes every person only that address holds, keeps others for review, blocks the address, and never touches an account', async () => {
    const [a, b, c, admin, member] = await Promise.all([
      account(['MEMBER'], unique('Addr A')),
      account(['MEMBER'], unique('Addr B')),
      account(['MEMBER'], unique('Addr C')),
      account(['ADMIN'], unique('Addr Admin')),
      account(['MEMBER'], unique('Addr Not Admin')),
    ]);
    const email = `${unique('mailed')}@example.org`;
    const phone = `+44 20 7946 ${String(Date.now() % 10000).padStart(4, '0')}`;
    // One person A recorded by phone alone and C found by that phone, typing the address too (a found
    // person never takes on a claim's other identifiers); then one whom A and B recorded with the address.
    const mixed = await addContact(a, { displayName: 'Mixed (A)', phone, context: 'EX_COLLEAGUE', strength: 0.4 });
    expect(await addContact(c, { displayName: 'Mixed Objector', email, phone, context: 'FRIEND', strength: 0.5 })).toBeDefined();
    const whole = await addContact(a, { displayName: 'Whole Objector', email, context: 'FRIEND', strength: 0.5 });
    await addContact(b, { displayName: 'Whole (B)', email: email.toUpperCase(), context: 'COMMUNITY', strength: 0.3 });
    const wholeNode = await nodeIdOf(whole);
    const mixedNode = await nodeIdOf(mixed);

    expect(codeOf(await gql(BY_ADDRESS, { input: { email } }, member.token))).toBe('FORBIDDEN');
    for (const input of [{}, { email, phone }, { email: 'not an address' }, { phone: '12' }]) {
      const bad = await gql(BY_ADDRESS, { input }, admin.token);
      expect(codeOf(bad)).toBe('BAD_USER_INPUT');
      expect(bad.errors![0].extensions!.field).toMatch(/email|phone/);
    }
    expect(await cypher(`MATCH (p:Person) WHERE p.id IN $ids RETURN p.id`, { ids: [wholeNode, mixedNode] })).toHaveLength(2);

    const done = ok(await gql<{ suppressAddress: any }>(BY_ADDRESS, { input: { email: `  ${email.toUpperCase()} ` } }, admin.token)).suppressAddress;
    expect(done).toEqual({ peopleRemoved: 1, recordsRemoved: 1, peopleToReview: 1, accountsHolding: 0, addressBlocked: true });
    expect(await cypher(`MATCH (p:Person {id: $id}) RETURN p`, { id: wholeNode })).toHaveLength(0);
    // A's own record of the mixed person (no address) stays; C's record with the address is gone.
    expect(ok(await gql<{ network: any }>(NETWORK, {}, a.token)).network.edges.map((e: any) => e.node.person.displayName)).toEqual(['Mixed (A)']);
    expect(await cypher(`MATCH (p:Person {id: $id}) RETURN p.id`, { id: mixedNode })).toHaveLength(1);
    expect(ok(await gql<{ network: any }>(NETWORK, {}, c.token)).network.totalCount).toBe(0);
    const again = await gql(ADD, { input: { displayName: 'Again', email, context: 'FRIEND', strength: 0.5 } }, b.token);
    expect(codeOf(again)).toBe('BAD_USER_INPUT');
    expect(again.errors![0].message).toMatch(/asked Backr not to hold/);
    const audit = ok(await gql<{ auditLog: any }>(AUDIT, { subjectId: toGlobalId('Person', mixedNode) }, admin.token)).auditLog;
    expect(audit.edges.map((e: any) => e.node.action)).toEqual(['OBJECTION_NEEDS_REVIEW']);

    // An account holder's address is theirs to manage: nothing is removed or blocked.
    await addContact(a, { displayName: 'A Member I Know', email: member.email, context: 'FRIEND', strength: 0.5 });
    const forAccount = ok(await gql<{ suppressAddress: any }>(BY_ADDRESS, { input: { email: member.email } }, admin.token)).suppressAddress;
    expect(forAccount).toEqual({ peopleRemoved: 0, recordsRemoved: 0, peopleToReview: 0, accountsHolding: 1, addressBlocked: false });
    expect(
      ok(await gql<{ network: any }>(NETWORK, {}, a.token))
        .network.edges.map((e: any) => e.node.person.displayName)
        .sort(),
    ).toEqual(['A Member I Know', 'Mixed (A)']);
    expect(await cypher(`MATCH (p:Account {id: $id}) RETURN p.id`, { id: localId(member.personId) })).toHaveLength(1);

    // An address nobody holds is blocked for the future.
    const unheard = `${unique('unheard')}@example.org`;
    expect(ok(await gql<{ suppressAddress: any }>(BY_ADDRESS, { input: { email: unheard } }, admin.token)).suppressAddress).toEqual({
      peopleRemoved: 0,
      recordsRemoved: 0,
      peopleToReview: 0,
      accountsHolding: 0,
      addressBlocked: true,
    });
    expect(codeOf(await gql(ADD, { input: { displayName: 'Later', email: unheard, context: 'FRIEND', strength: 0.5 } }, b.token))).toBe('BAD_USER_INPUT');
  });
});

describe('auditLog', () => {
  it('is for admins only and pages newest first', async () => {
    const [member, coach, admin] = await Promise.all([account(['MEMBER'], unique('Audit M')), newUser(['COACH']), account(['ADMIN'], unique('Audit A'))]);
    for (let i = 0; i < 3; i++) ok(await gql(`{ exportMyData }`, {}, member.token));
    expect(codeOf(await gql(AUDIT, {}, member.token))).toBe('FORBIDDEN');
    expect(codeOf(await gql(AUDIT, {}, coach.token))).toBe('FORBIDDEN');
    const first = ok(await gql<{ auditLog: any }>(AUDIT, { subjectId: member.personId, first: 2 }, admin.token)).auditLog;
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = ok(await gql<{ auditLog: any }>(AUDIT, { subjectId: member.personId, first: 2, after: first.pageInfo.endCursor }, admin.token)).auditLog;
    expect(rest.edges).toHaveLength(1);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const all = [...first.edges, ...rest.edges].map((e: any) => e.node);
    expect(all.every((n: any) => n.action === 'EXPORT' && n.actorId === member.personId)).toBe(true);
    expect(new Set(all.map((n: any) => n.id)).size).toBe(3);
    expect(all.map((n: any) => n.at)).toEqual([...all.map((n: any) => n.at)].sort().reverse());
  });
});
