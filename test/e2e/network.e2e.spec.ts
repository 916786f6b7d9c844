import { afterAll, describe, expect, it, beforeAll } from '@jest/globals';
import { closeProbe, nodeIdOf } from '../support/graph-probe.js';
import { codeOf, gql, newUser, unique, type TestUser } from '../support/api-client.js';
import { testRun } from '../support/test-env.js';

const ADD = `mutation Add($input: ContactInput!) {
  addContact(input: $input) {
    person { id displayName isMember roles { title organisation occupation { code title } } }
    context strength howWeMet lastContactAt createdAt
  }
}`;
const NETWORK = `query Net($first: Int, $after: String, $filter: NetworkFilter) {
  network(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { person { id displayName } context strength } }
  }
}`;
afterAll(closeProbe);

const ME = `{ me { id roles lendsNetwork brokerCapacity person { id displayName isMember headline roles { title occupation { code } } } goals { id work location occupation { code title } } } }`;

async function add(user: TestUser, input: Record<string, unknown>) {
  return gql<{ addContact: any }>(ADD, { input: { context: 'FRIEND', strength: 0.5, ...input } }, user.token);
}

async function total(user: TestUser): Promise<number> {
  const res = await gql<{ network: { totalCount: number } }>(NETWORK, { first: 1 }, user.token);
  return res.data!.network.totalCount;
}

describe('authentication', () => {
  it('refuses a request without a token with UNAUTHENTICATED', async () => {
    const res = await gql('{ me { id } }');
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(res.data).toBeNull();
  });

  it('refuses a token signed with another secret', async () => {
    const { signDevToken } = await import('#libs/auth');
    const forged = await signDevToken('someone-elses-secret-that-is-long-enough-000', { sub: 'forger', roles: ['ADMIN'] });
    expect(codeOf(await gql('{ me { id } }', {}, forged))).toBe('UNAUTHENTICATED');
  });

  it('refuses garbage and unsigned tokens', async () => {
    expect(codeOf(await gql('{ me { id } }', {}, 'not-a-jwt'))).toBe('UNAUTHENTICATED');
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"x","roles":["admin"]}').toString('base64url')}.`;
    expect(codeOf(await gql('{ me { id } }', {}, unsigned))).toBe('UNAUTHENTICATED');
  });

  it('provisions an account and its person on the first request', async () => {
    const member = await newUser(['MEMBER'], 'Jo Member');
    const res = await gql<{ me: any }>(ME, {}, member.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.me).toMatchObject({ roles: ['MEMBER'], lendsNetwork: false, person: { displayName: 'Jo Member', isMember: true }, goals: [] });
    const again = await gql<{ me: any }>(ME, {}, member.token);
    expect(again.data!.me.id).toBe(res.data!.me.id);
  });

  it('volunteers lend their network by default', async () => {
    const volunteer = await newUser(['VOLUNTEER']);
    const res = await gql<{ me: any }>(ME, {}, volunteer.token);
    expect(res.data!.me.lendsNetwork).toBe(true);
    expect(res.data!.me.roles).toEqual(['VOLUNTEER']);
  });
});

describe('account settings and goals', () => {
  it('updates settings and self-declared roles, matched to the taxonomy', async () => {
    const member = await newUser();
    const res = await gql<{ updateAccountSettings: any }>(
      `mutation { updateAccountSettings(input: { lendsNetwork: true, brokerCapacity: 4, headline: "Looking for care work",
         roles: [{ title: "Care assistant", organisation: "Oak Lodge" }] }) { lendsNetwork brokerCapacity person { headline roles { title occupation { code } } } } }`,
      {},
      member.token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateAccountSettings).toEqual({
      lendsNetwork: true,
      brokerCapacity: 4,
      person: { headline: 'Looking for care work', roles: [{ title: 'Care assistant', occupation: { code: '6135' } }] },
    });
  });

  it('refuses a broker capacity out of range, naming the field, and changes nothing', async () => {
    const member = await newUser();
    const res = await gql(`mutation { updateAccountSettings(input: { brokerCapacity: 99, lendsNetwork: true }) { brokerCapacity } }`, {}, member.token);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe('input.brokerCapacity');
    const me = await gql<{ me: any }>(ME, {}, member.token);
    expect(me.data!.me).toMatchObject({ brokerCapacity: 2, lendsNetwork: false });
  });

  it("sets work goals in the member's words and matches them to occupations", async () => {
    const member = await newUser();
    const res = await gql<{ setWorkGoals: any[] }>(
      `mutation($goals: [WorkGoalInput!]!) { setWorkGoals(goals: $goals) { work location occupation { code } } }`,
      { goals: [{ work: 'Paramedic', location: 'Leeds' }, { work: 'youth worker' }, { work: 'something nobody has heard of' }] },
      member.token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.setWorkGoals).toEqual([
      { work: 'Paramedic', location: 'Leeds', occupation: { code: '2255' } },
      { work: 'youth worker', location: null, occupation: { code: '3221' } },
      { work: 'something nobody has heard of', location: null, occupation: null },
    ]);
    const replaced = await gql<{ setWorkGoals: any[] }>(`mutation { setWorkGoals(goals: [{ work: "Nurse" }]) { work } }`, {}, member.token);
    expect(replaced.data!.setWorkGoals).toEqual([{ work: 'Nurse' }]);
  });

  it('refuses an empty goal and keeps the old goals', async () => {
    const member = await newUser();
    await gql(`mutation { setWorkGoals(goals: [{ work: "Paramedic" }]) { id } }`, {}, member.token);
    const res = await gql(`mutation { setWorkGoals(goals: [{ work: "Nurse" }, { work: "   " }]) { id } }`, {}, member.token);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe('goals[1].work');
    const me = await gql<{ me: any }>(ME, {}, member.token);
    expect(me.data!.me.goals.map((g: { work: string }) => g.work)).toEqual(['Paramedic']);
  });
});

describe('adding contacts', () => {
  let member: TestUser;
  beforeAll(async () => {
    member = await newUser();
  });

  it('adds a contact with work roles matched to SOC 2020', async () => {
    const res = await add(member, {
      displayName: 'Sam Okoro',
      email: `${unique('sam')}@example.org`,
      context: 'EX_COLLEAGUE',
      strength: 0.8,
      howWeMet: 'Night shifts',
      lastContactAt: '2026-01-15T10:00:00.000Z',
      roles: [
        { title: 'HCPC paramedic', organisation: 'Yorkshire Ambulance Service' },
        { title: 'Paramedic, ambulance service', current: false },
      ],
    });
    expect(res.errors).toBeUndefined();
    const rel = res.data!.addContact;
    expect(rel).toMatchObject({ context: 'EX_COLLEAGUE', strength: 0.8, howWeMet: 'Night shifts', lastContactAt: '2026-01-15T10:00:00.000Z' });
    expect(rel.person).toMatchObject({ displayName: 'Sam Okoro', isMember: false });
    expect(rel.person.roles.map((r: any) => r.occupation?.code)).toEqual(['2255', '2255']);
    expect(new Date(rel.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('keeps unmatched titles as plain text', async () => {
    const res = await add(member, { displayName: 'Zed', roles: [{ title: 'Chief vibes officer' }] });
    expect(res.data!.addContact.person.roles).toEqual([{ title: 'Chief vibes officer', organisation: null, occupation: null }]);
  });

  const bad: [string, Record<string, unknown>, string, string][] = [
    ['strength above 1', { displayName: 'A', strength: 1.5 }, 'BAD_USER_INPUT', 'input.strength'],
    ['strength below 0', { displayName: 'A', strength: -0.1 }, 'BAD_USER_INPUT', 'input.strength'],
    ['an empty name', { displayName: '   ' }, 'BAD_USER_INPUT', 'input.displayName'],
    ['a 500-character name', { displayName: 'x'.repeat(500) }, 'BAD_USER_INPUT', 'input.displayName'],
    ['a malformed email', { displayName: 'A', email: 'not-an-email' }, 'BAD_USER_INPUT', 'input.email'],
    ['a malformed phone', { displayName: 'A', phone: '12' }, 'BAD_USER_INPUT', 'input.phone'],
    ['a non-LinkedIn URL', { displayName: 'A', linkedinUrl: 'https://example.com/in/someone' }, 'BAD_USER_INPUT', 'input.linkedinUrl'],
    ['a future last contact', { displayName: 'A', lastContactAt: '2999-01-01T00:00:00Z' }, 'BAD_USER_INPUT', 'input.lastContactAt'],
    ['an empty role title', { displayName: 'A', roles: [{ title: '' }] }, 'BAD_USER_INPUT', 'input.roles[0].title'],
  ];
  it.each(bad)('refuses %s with a coded error naming the field, writing nothing', async (_label, input, code, field) => {
    const before = await total(member);
    const res = await add(member, input);
    expect(res.status).toBeLessThan(500);
    expect(codeOf(res)).toBe(code);
    expect(res.errors![0].extensions!.field).toBe(field);
    expect(res.errors![0].message).toContain(field);
    expect(await total(member)).toBe(before);
  });

  it('refuses an unknown enum value before running anything', async () => {
    const res = await add(member, { displayName: 'A', context: 'BESTIE' });
    expect(res.status).toBeLessThan(500);
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(codeOf(res));
    expect(res.errors![0].message).toContain('BESTIE');
  });

  it('refuses the same person twice (matched by email, any case) with CONFLICT', async () => {
    const email = `${unique('dup')}@example.org`;
    expect((await add(member, { displayName: 'Dup One', email })).errors).toBeUndefined();
    const before = await total(member);
    const res = await add(member, { displayName: 'Dup Again', email: email.toUpperCase() });
    expect(codeOf(res)).toBe('CONFLICT');
    expect(await total(member)).toBe(before);
  });

  it('refuses adding yourself', async () => {
    const res = await add(member, { displayName: 'Me', email: member.email });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
  });
});

describe('entity resolution', () => {
  it('resolves the same email, phone or LinkedIn profile from different members to one person', async () => {
    const [a, b, c] = await Promise.all([newUser(), newUser(), newUser()]);
    const email = `${unique('shared')}@Example.org`;
    const slug = unique('profile');
    const pa = await add(a, { displayName: 'Priya', email, linkedinUrl: `https://www.linkedin.com/in/${slug}/` });
    const pb = await add(b, { displayName: 'P. Shah', email: `  ${email.toLowerCase()} ` });
    const pc = await add(c, { displayName: 'Priya S', linkedinUrl: `linkedin.com/in/${slug.toUpperCase()}?trk=public_profile` });
    expect(pa.errors ?? pb.errors ?? pc.errors).toBeUndefined();
    expect(await nodeIdOf(pb.data!.addContact.person.id)).toBe(await nodeIdOf(pa.data!.addContact.person.id));
    expect(await nodeIdOf(pc.data!.addContact.person.id)).toBe(await nodeIdOf(pa.data!.addContact.person.id));
    // Each member sees the name they gave, never another member's.
    expect(pb.data!.addContact.person.displayName).toBe('P. Shah');
    expect(pc.data!.addContact.person.displayName).toBe('Priya S');
  });

  it('matches phone numbers in national and international form', async () => {
    const [a, b] = await Promise.all([newUser(), newUser()]);
    const tail = String(Math.floor(Math.random() * 9000) + 1000);
    const pa = await add(a, { displayName: 'Phone Person', phone: `020 7946 ${tail}` });
    const pb = await add(b, { displayName: 'Phone Person', phone: `+44 (0)20 7946 ${tail}`.replace('(0)', '') });
    expect(await nodeIdOf(pb.data!.addContact.person.id)).toBe(await nodeIdOf(pa.data!.addContact.person.id));
  });

  it('never merges on name alone', async () => {
    const [a, b] = await Promise.all([newUser(), newUser()]);
    const pa = await add(a, { displayName: 'John Smith' });
    const pb = await add(b, { displayName: 'John Smith' });
    expect(await nodeIdOf(pb.data!.addContact.person.id)).not.toBe(await nodeIdOf(pa.data!.addContact.person.id));
  });

  it('links a contact who is already a member to that member', async () => {
    const [member, friend] = await Promise.all([newUser(), newUser(['MEMBER'], 'Friend Member')]);
    const friendMe = await gql<{ me: any }>(ME, {}, friend.token);
    const res = await add(member, { displayName: 'My friend', email: friend.email });
    // The contact is that member's node, but adding them by email does not reveal that they are a member.
    expect(await nodeIdOf(res.data!.addContact.person.id)).toBe(await nodeIdOf(friendMe.data!.me.person.id));
    expect(res.data!.addContact.person).toMatchObject({ isMember: false, displayName: 'My friend' });
  });

  it('gives a new account the person others had already added with its email', async () => {
    const member = await newUser();
    const newcomer = await newUser(['MEMBER'], 'Newcomer');
    const added = await add(member, { displayName: 'Soon a member', email: newcomer.email });
    const me = await gql<{ me: any }>(ME, {}, newcomer.token);
    expect(await nodeIdOf(me.data!.me.person.id)).toBe(await nodeIdOf(added.data!.addContact.person.id));
    expect(me.data!.me.person.displayName).toBe('Newcomer');
  });

  it('resolves concurrent adds of the same new email to one person', async () => {
    const users = await Promise.all([newUser(), newUser(), newUser(), newUser()]);
    const email = `${unique('race')}@example.org`;
    const results = await Promise.all(users.map((u) => add(u, { displayName: 'Racer', email })));
    results.forEach((r) => expect(r.errors).toBeUndefined());
    expect(new Set(await Promise.all(results.map((r) => nodeIdOf(r.data!.addContact.person.id)))).size).toBe(1);
  });
});

describe('who may see what', () => {
  it("hides a contact's details from members who are not connected to them", async () => {
    const [owner, other] = await Promise.all([newUser(), newUser()]);
    const email = `${unique('private')}@example.org`;
    const added = await add(owner, { displayName: 'Private Person', email, roles: [{ title: 'Paramedic' }] });
    const id = added.data!.addContact.person.id;
    const PERSON = `query($id: ID!) { person(id: $id) { displayName roles { title } } node(id: $id) { id } }`;
    expect((await gql<{ person: any }>(PERSON, { id }, owner.token)).data!.person).toEqual({ displayName: 'Private Person', roles: [{ title: 'Paramedic' }] });
    const hidden = await gql<{ person: any; node: any }>(PERSON, { id }, other.token);
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data).toEqual({ person: null, node: null });
    // Once the other member knows them too, they see only their own name and roles.
    const othersId = (await add(other, { displayName: 'PP', email })).data!.addContact.person.id;
    expect(othersId).not.toBe(id);
    expect((await gql<{ person: any }>(PERSON, { id: othersId }, other.token)).data!.person).toEqual({ displayName: 'PP', roles: [] });
    // The owner's id for the same person still means nothing to them.
    expect((await gql<{ person: any }>(PERSON, { id }, other.token)).data!.person).toBeNull();
  });

  it("does not let a member change or remove another member's relationships", async () => {
    const [owner, other] = await Promise.all([newUser(), newUser()]);
    const id = (await add(owner, { displayName: 'Owned' })).data!.addContact.person.id;
    const upd = await gql(`mutation($id: ID!) { updateRelationship(personId: $id, input: { strength: 0.1 }) { strength } }`, { id }, other.token);
    expect(codeOf(upd)).toBe('NOT_FOUND');
    const rem = await gql(`mutation($id: ID!) { removeContact(personId: $id) }`, { id }, other.token);
    expect(codeOf(rem)).toBe('NOT_FOUND');
    const net = await gql<{ network: any }>(NETWORK, { first: 5 }, owner.token);
    expect(net.data!.network.edges[0].node).toMatchObject({ strength: 0.5 });
  });

  it("refuses to merge someone else's contacts", async () => {
    const [owner, other] = await Promise.all([newUser(), newUser()]);
    const a = (await add(owner, { displayName: 'A1' })).data!.addContact.person.id;
    const b = (await add(owner, { displayName: 'A2' })).data!.addContact.person.id;
    const res = await gql(`mutation($k: ID!, $m: ID!) { mergeContacts(keepId: $k, mergeId: $m) { strength } }`, { k: a, m: b }, other.token);
    expect(codeOf(res)).toBe('NOT_FOUND');
    expect(await total(owner)).toBe(2);
  });

  it('does not resolve another account through node()', async () => {
    const [a, b] = await Promise.all([newUser(), newUser()]);
    const accountId = (await gql<{ me: any }>(ME, {}, a.token)).data!.me.id;
    expect((await gql<{ node: any }>(`query($id: ID!) { node(id: $id) { id } }`, { id: accountId }, a.token)).data!.node).toEqual({ id: accountId });
    expect((await gql<{ node: any }>(`query($id: ID!) { node(id: $id) { id } }`, { id: accountId }, b.token)).data!.node).toBeNull();
  });
});

describe('network queries and edits', () => {
  let member: TestUser;
  beforeAll(async () => {
    member = await newUser();
    for (const [name, context, title] of [
      ['Ann', 'FAMILY', 'Teacher'],
      ['bob', 'FRIEND', 'Paramedic'],
      ['Cat', 'NEIGHBOUR', 'Youth worker'],
      ['Dev', 'FRIEND', 'Plumber'],
      ['Eve', 'COMMUNITY', 'Paramedic'],
    ] as const) {
      const res = await add(member, { displayName: name, context, roles: [{ title, organisation: `${name}'s org` }] });
      expect(res.errors).toBeUndefined();
    }
  });

  it('pages through the network with cursors, sorted by name', async () => {
    const names: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: any = await gql(NETWORK, { first: 2, after }, member.token);
      expect(res.errors).toBeUndefined();
      const conn = res.data.network;
      expect(conn.totalCount).toBe(5);
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      names.push(...conn.edges.map((e: any) => e.node.person.displayName));
      pages++;
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(names).toEqual(['Ann', 'bob', 'Cat', 'Dev', 'Eve']);
  });

  it('filters by text over names and work, and by context', async () => {
    const byWork = await gql<{ network: any }>(NETWORK, { first: 10, filter: { search: 'paramedic' } }, member.token);
    expect(byWork.data!.network.edges.map((e: any) => e.node.person.displayName)).toEqual(['bob', 'Eve']);
    expect(byWork.data!.network.totalCount).toBe(2);
    const byName = await gql<{ network: any }>(NETWORK, { first: 10, filter: { search: 'CAT' } }, member.token);
    expect(byName.data!.network.totalCount).toBe(1);
    const byContext = await gql<{ network: any }>(NETWORK, { first: 10, filter: { contexts: ['FRIEND', 'FAMILY'] } }, member.token);
    expect(byContext.data!.network.edges.map((e: any) => e.node.person.displayName)).toEqual(['Ann', 'bob', 'Dev']);
  });

  it('filters by employer or sector, read as introPaths reads them', async () => {
    const owner = await newUser();
    for (const [name, organisation] of [
      ['Pat', 'Yorkshire Ambulance Service'],
      ['Ria', 'Leeds Teaching Hospitals NHS Trust'],
      ['Sol', 'Greggs'],
    ] as const) {
      expect((await add(owner, { displayName: name, roles: [{ title: 'Driver', organisation }] })).errors).toBeUndefined();
    }
    const names = async (organisation: string) =>
      (await gql<{ network: any }>(NETWORK, { first: 10, filter: { organisation } }, owner.token)).data!.network.edges.map(
        (e: any) => e.node.person.displayName,
      );
    expect(await names('the NHS')).toEqual(['Pat', 'Ria']);
    expect(await names('Yorkshire Ambulance Service')).toEqual(['Pat']);
    expect(await names('Greggs')).toEqual(['Sol']);
    expect(await names('Tesco')).toEqual([]);
  });

  it('refuses page sizes out of range and forged cursors', async () => {
    expect(codeOf(await gql(NETWORK, { first: 0 }, member.token))).toBe('BAD_USER_INPUT');
    const tooMany = await gql(NETWORK, { first: 101 }, member.token);
    expect(codeOf(tooMany)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(tooMany.errors![0].message).toContain('page size limit of 100');
    const forged = await gql(NETWORK, { first: 2, after: 'bm90LWEtY3Vyc29y' }, member.token);
    expect(codeOf(forged)).toBe('BAD_USER_INPUT');
    expect(forged.errors![0].extensions!.field).toBe('after');
  });

  it('updates a relationship and refuses bad updates without changing it', async () => {
    const net = await gql<{ network: any }>(NETWORK, { first: 1 }, member.token);
    const id = net.data!.network.edges[0].node.person.id;
    const ok = await gql<{ updateRelationship: any }>(
      `mutation($id: ID!) { updateRelationship(personId: $id, input: { strength: 0.9, context: EX_COLLEAGUE, howWeMet: "School" }) { strength context howWeMet } }`,
      { id },
      member.token,
    );
    expect(ok.data!.updateRelationship).toEqual({ strength: 0.9, context: 'EX_COLLEAGUE', howWeMet: 'School' });
    const bad = await gql(`mutation($id: ID!) { updateRelationship(personId: $id, input: { strength: 2 }) { strength } }`, { id }, member.token);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    const wrongType = await gql(`mutation { updateRelationship(personId: "not-an-id", input: { strength: 0.2 }) { strength } }`, {}, member.token);
    expect(codeOf(wrongType)).toBe('BAD_USER_INPUT');
    expect(wrongType.errors![0].extensions!.field).toBe('personId');
    const after = await gql<{ network: any }>(NETWORK, { first: 1 }, member.token);
    expect(after.data!.network.edges[0].node.strength).toBe(0.9);
  });
});

describe('removing and merging contacts', () => {
  it('removes a contact; a person no one else knows is gone for good', async () => {
    const member = await newUser();
    const id = (await add(member, { displayName: 'Temp', email: `${unique('temp')}@example.org` })).data!.addContact.person.id;
    const res = await gql<{ removeContact: boolean }>(`mutation($id: ID!) { removeContact(personId: $id) }`, { id }, member.token);
    expect(res.data!.removeContact).toBe(true);
    expect((await gql<{ person: any }>(`query($id: ID!) { person(id: $id) { id } }`, { id }, member.token)).data!.person).toBeNull();
    expect(codeOf(await gql(`mutation($id: ID!) { removeContact(personId: $id) }`, { id }, member.token))).toBe('NOT_FOUND');
  });

  it('keeps a person others still know when one member removes them', async () => {
    const [a, b] = await Promise.all([newUser(), newUser()]);
    const email = `${unique('kept')}@example.org`;
    const id = (await add(a, { displayName: 'Kept', email })).data!.addContact.person.id;
    const idOfB = (await add(b, { displayName: 'Kept by B', email })).data!.addContact.person.id;
    await gql(`mutation($id: ID!) { removeContact(personId: $id) }`, { id }, a.token);
    const seenByB = await gql<{ person: any }>(`query($id: ID!) { person(id: $id) { displayName } }`, { id: idOfB }, b.token);
    expect(seenByB.data!.person).toEqual({ displayName: 'Kept by B' });
  });

  it('merges two contacts that are the same person, keeping the stronger tie', async () => {
    const member = await newUser();
    const keep = (await add(member, { displayName: 'Sam', context: 'OTHER', strength: 0.3 })).data!.addContact.person.id;
    const merge = (await add(member, { displayName: 'Samuel', context: 'FRIEND', strength: 0.7, howWeMet: 'Football', roles: [{ title: 'Paramedic' }] })).data!
      .addContact.person.id;
    const res = await gql<{ mergeContacts: any }>(
      `mutation($k: ID!, $m: ID!) { mergeContacts(keepId: $k, mergeId: $m) { person { id displayName roles { title } } strength context howWeMet } }`,
      { k: keep, m: merge },
      member.token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.mergeContacts).toEqual({
      person: { id: keep, displayName: 'Sam', roles: [{ title: 'Paramedic' }] },
      strength: 0.7,
      context: 'FRIEND',
      howWeMet: 'Football',
    });
    expect(await total(member)).toBe(1);
    expect(codeOf(await gql(`mutation($k: ID!) { mergeContacts(keepId: $k, mergeId: $k) { strength } }`, { k: keep }, member.token))).toBe('BAD_USER_INPUT');
  });
});

describe('occupations and operations', () => {
  it('finds occupations by title, forgiving small typos', async () => {
    const user = await newUser();
    const exact = await gql<{ occupations: any[] }>(`{ occupations(query: "paramedic", first: 3) { code title } }`, {}, user.token);
    expect(exact.data!.occupations[0]).toEqual({ code: '2255', title: 'Paramedics' });
    const typo = await gql<{ occupations: any[] }>(`{ occupations(query: "paramedc") { code } }`, {}, user.token);
    expect(typo.data!.occupations.map((o) => o.code)).toContain('2255');
    const code = await gql<{ occupations: any[] }>(`{ occupations(query: "2255") { code } }`, {}, user.token);
    expect(code.data!.occupations).toEqual([{ code: '2255' }]);
    expect(codeOf(await gql(`{ occupations(query: "  ") { code } }`, {}, user.token))).toBe('BAD_USER_INPUT');
  });

  it('reports health of Neo4j, Redis and the worker', async () => {
    const res = await fetch(`${testRun().apiUrl}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', neo4j: 'up', redis: 'up' });
  });
});
