import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { signDevToken } from '#libs/auth';
import { codeOf, gql, unique, uniquePhone, type TestUser } from '../support/api-client.js';
import { closeProbe, cypher, nodeIdOf } from '../support/graph-probe.js';
import { finished, importFile } from '../support/import-helpers.js';
import { account, addContact, eventually, ok, pathTo, request, respond } from '../support/intro-helpers.js';
import { TEST_JWT_SECRET, testRun } from '../support/test-env.js';
import { messageTo } from '../support/outbox.js';

// Worker effects are awaited with eventually()'s generous default (a shared machine can be slow).
jest.setTimeout(180_000);

/**
 * The identity issue's reproductions, replayed against the real stack. The attacker controls
 * any number of accounts and knows a person's public identifiers (LinkedIn URL, phone), but not
 * an email an honest member recorded for them.
 */

const ADD = `mutation($input: ContactInput!) { addContact(input: $input) { person { id displayName headline isMember roles { title } } recorded { emails phones linkedinUrl } } }`;
const REMOVE = `mutation($id: ID!) { removeContact(personId: $id) }`;
const ME = `{ me { person { id displayName } } }`;
const NETWORK = `{ network(first: 50) { edges { node { person { id displayName headline isMember roles { title organisation } } } } } }`;

afterAll(closeProbe);

/** A signed token for a sub with a given email (verified unless said otherwise). */
async function signIn(email: string, emailVerified?: boolean): Promise<TestUser & { personId: string }> {
  const sub = `threat-${randomUUID()}`;
  const token = await signDevToken(TEST_JWT_SECRET, { sub, name: 'Signing In', email, emailVerified, roles: ['MEMBER'] });
  const me = ok(await gql<{ me: any }>(ME, {}, token));
  return { sub, name: 'Signing In', email, token, personId: me.me.person.id };
}

const localOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':').slice(1).join(':');

/** Victor as an honest member records him: email, phone, LinkedIn and work. */
async function honestVictor() {
  const honest = await account(['MEMBER'], unique('Honest Bea'));
  const victor = {
    email: `${unique('victor')}@example.org`,
    phone: uniquePhone(),
    linkedinUrl: `https://www.linkedin.com/in/${unique('victor')}`,
  };
  const contactId = await addContact(honest, {
    displayName: 'Victor Vance',
    ...victor,
    context: 'EX_COLLEAGUE',
    strength: 0.8,
    roles: [{ title: 'Paramedic', organisation: 'Yorkshire Ambulance Service' }],
  });
  return { honest, victor, contactId, nodeId: await nodeIdOf(contactId) };
}

describe('1. taking over a person', () => {
  it("a public LinkedIn URL with the attacker's own email neither attaches that email nor lets the attacker sign in as the person", async () => {
    const { honest, victor, nodeId } = await honestVictor();
    const attacker = await account(['MEMBER'], unique('Mallory'));
    const attackerEmail = `${unique('mallory')}@example.org`;
    const added = ok(
      await gql<{ addContact: any }>(
        ADD,
        { input: { displayName: 'Vic', linkedinUrl: victor.linkedinUrl, email: attackerEmail, context: 'FRIEND', strength: 0.5 } },
        attacker.token,
      ),
    ).addContact;
    // The attacker's record finds Victor, but its other identifiers stay on the attacker's own relationship.
    expect(await nodeIdOf(added.person.id)).toBe(nodeId);
    expect(added.recorded).toEqual({ emails: [attackerEmail], phones: [], linkedinUrl: victor.linkedinUrl });
    const keysOnVictor = await cypher<{ n: number }>(`MATCH (ik:IdentityKey)-[:IDENTIFIES]->(:Person {id: $id}) RETURN count(ik) AS n`, { id: nodeId });
    expect(keysOnVictor[0].n).toBe(3);

    // Signing in with that (verified) address gives a fresh account, not Victor.
    const impostor = await signIn(attackerEmail);
    expect(localOf(impostor.personId)).not.toBe(nodeId);
    expect(await cypher(`MATCH (p:Person:Account {id: $id}) RETURN p.id`, { id: nodeId })).toHaveLength(0);
    const exported = ok(await gql<{ exportMyData: string }>(`{ exportMyData }`, {}, impostor.token)).exportMyData;
    expect(exported).not.toContain(victor.email);
    expect(exported).not.toContain(victor.phone);

    // What the honest member sees of Victor is unchanged: their own label and work, nothing else.
    const seen = ok(await gql<{ network: any }>(NETWORK, {}, honest.token)).network.edges.map((e: any) => e.node.person);
    expect(seen).toEqual([
      {
        id: expect.any(String),
        displayName: 'Victor Vance',
        headline: null,
        isMember: false,
        roles: [{ title: 'Paramedic', organisation: 'Yorkshire Ambulance Service' }],
      },
    ]);
  });

  it("a vCard carrying the victim's email and the attacker's does not bind the attacker's address either", async () => {
    const { victor, nodeId } = await honestVictor();
    const attacker = await account(['MEMBER'], unique('Mallory Cards'));
    const attackerEmail = `${unique('mallory')}@example.org`;
    const card = `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Victor\r\nEMAIL:${victor.email}\r\nEMAIL:${attackerEmail}\r\nEND:VCARD\r\n`;
    const job = await finished(attacker, (await importFile(attacker, 'VCARD', card)).id);
    expect(job.status).toBe('COMPLETED');
    const impostor = await signIn(attackerEmail);
    expect(localOf(impostor.personId)).not.toBe(nodeId);
    expect(await cypher(`MATCH (p:Person:Account {id: $id}) RETURN p.id`, { id: nodeId })).toHaveLength(0);
  });

  it('pre-claiming: a card with 3,000 addresses keeps 3 and reports the rest; a newcomer who binds keeps only their own address', async () => {
    const attacker = await account(['MEMBER'], unique('Mallory Bulk'));
    const run = unique('bulk');
    const emails = Array.from({ length: 3000 }, (_, i) => `n${i}.${run}@example.org`);
    const card = `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Many People\r\n${emails.map((e) => `EMAIL:${e}\r\n`).join('')}END:VCARD\r\n`;
    const job = await finished(attacker, (await importFile(attacker, 'VCARD', card)).id);
    expect(job).toMatchObject({ status: 'COMPLETED', created: 1 });
    expect(job.errors.map((e: any) => e.message).join(' ')).toMatch(/3000 email addresses: kept the first 3 \(the most a contact holds\), left out 2997/);

    // An address past the bound identifies nobody: its owner starts afresh.
    const late = await signIn(emails[10]);
    const [attackersNode] = await cypher<{ id: string }>(`MATCH (:Person {id: $a})-[k:KNOWS]->(p:Person) RETURN p.id AS id`, { a: localOf(attacker.personId) });
    expect(localOf(late.personId)).not.toBe(attackersNode.id);
    // The owner of a kept address binds (the only recorder typed it), and from then on the node
    // is found by that verified address alone: an honest member adding the third address does not
    // reach this account.
    const owner = await signIn(emails[1]);
    expect(localOf(owner.personId)).toBe(attackersNode.id);
    const honest = await account(['MEMBER'], unique('Honest Hal'));
    const third = await addContact(honest, { displayName: 'Newcomer Three', email: emails[2], context: 'FRIEND', strength: 0.4 });
    expect(await nodeIdOf(third)).not.toBe(attackersNode.id);
  });

  it("a person first recorded by an attacker through a public profile cannot be claimed by either side's address", async () => {
    const attacker = await account(['MEMBER'], unique('Mallory First'));
    const attackerEmail = `${unique('mallory')}@example.org`;
    const linkedinUrl = `https://www.linkedin.com/in/${unique('victim')}`;
    const planted = await nodeIdOf(await addContact(attacker, { displayName: 'V', linkedinUrl, email: attackerEmail, context: 'FRIEND', strength: 0.5 }));
    const honest = await account(['MEMBER'], unique('Honest Ben'));
    const victimEmail = `${unique('victim')}@example.org`;
    const honestsView = await nodeIdOf(await addContact(honest, { displayName: 'Victim', linkedinUrl, email: victimEmail, context: 'FRIEND', strength: 0.8 }));
    expect(honestsView).toBe(planted);
    // The attacker's address is not one the honest member typed, so it cannot bind.
    expect(localOf((await signIn(attackerEmail)).personId)).not.toBe(planted);
    // Nor can the victim's own address, which the attacker did not type: nobody is bound, safely.
    expect(localOf((await signIn(victimEmail)).personId)).not.toBe(planted);
    expect(await cypher(`MATCH (p:Person:Account {id: $id}) RETURN p.id`, { id: planted })).toHaveLength(0);
  });

  it('binds an honest newcomer whose verified email the recorder typed, and never an unverified one', async () => {
    const honest = await account(['MEMBER'], unique('Honest Cat'));
    const dana = `${unique('dana')}@example.org`;
    const danaNode = await nodeIdOf(await addContact(honest, { displayName: 'Dana', email: dana, context: 'FRIEND', strength: 0.9 }));
    const unverified = await signIn(dana, false);
    expect(localOf(unverified.personId)).not.toBe(danaNode);
    const verified = await signIn(dana);
    expect(localOf(verified.personId)).toBe(danaNode);
  });
});

describe('2. erasing someone who is not a member', () => {
  it("an objection link sent to an address only the attacker typed removes only the attacker's record", async () => {
    const { honest, victor, nodeId } = await honestVictor();
    const [attacker, attackerBroker] = await Promise.all([account(['MEMBER'], unique('Mallory M')), account(['VOLUNTEER'], unique('Mallory V'))]);
    const attackerEmail = `${unique('mallory')}@example.org`;
    await addContact(attacker, { displayName: attackerBroker.name, email: attackerBroker.email, context: 'FRIEND', strength: 0.9 });
    const relayed = await addContact(attackerBroker, {
      displayName: 'Victor',
      linkedinUrl: victor.linkedinUrl,
      email: attackerEmail,
      context: 'FRIEND',
      strength: 0.9,
      roles: [{ title: 'Midwife' }],
    });
    let intro = await request(attacker, await pathTo(attacker, 'Midwife'));
    intro = await respond(attackerBroker, intro.id, true);
    await respond(attackerBroker, intro.id, true, { onBehalfOfPersonId: relayed });
    const message = await eventually(
      async () => messageTo(attackerEmail),
      (m) => m !== null,
    );
    const link = /(http\S+\/privacy\/object\?token=\S+)/.exec(message!)?.[1];
    expect(link).toBeDefined();
    const token = new URL(link!).searchParams.get('token')!;
    const posted = await fetch(`${testRun().apiUrl}/privacy/object`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(token)}`,
    });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain('records that held this address');

    // Victor is still in the honest member's network and can still be added by others.
    expect(await cypher(`MATCH (p:Person {id: $id}) RETURN p.id`, { id: nodeId })).toHaveLength(1);
    const seen = ok(await gql<{ network: any }>(NETWORK, {}, honest.token)).network.edges.map((e: any) => e.node.person.displayName);
    expect(seen).toEqual(['Victor Vance']);
    const another = await account(['MEMBER'], unique('Another'));
    expect(await nodeIdOf(await addContact(another, { displayName: 'V.', linkedinUrl: victor.linkedinUrl, context: 'FRIEND', strength: 0.3 }))).toBe(nodeId);
    // The attacker's own record is gone, and their address is blocked; an admin is asked to review.
    expect(await cypher(`MATCH (:Person {id: $b})-[k:KNOWS]->(:Person {id: $v}) RETURN k`, { b: localOf(attackerBroker.personId), v: nodeId })).toHaveLength(0);
    const again = await gql(ADD, { input: { displayName: 'V again', email: attackerEmail, context: 'FRIEND', strength: 0.5 } }, attackerBroker.token);
    expect(codeOf(again)).toBe('BAD_USER_INPUT');
    expect(await cypher(`MATCH (a:AuditEntry {action: 'OBJECTION_NEEDS_REVIEW', subjectId: $v}) RETURN a`, { v: nodeId })).toHaveLength(1);
  });
});

describe('5. oracles: typing an identifier tells nothing beyond what was typed', () => {
  it('adding a member by their email shows neither membership, nor headline, nor declared work', async () => {
    const member = await account(['MEMBER'], unique('Private Pat'));
    ok(
      await gql(
        `mutation($input: AccountSettingsInput!) { updateAccountSettings(input: $input) { lendsNetwork } }`,
        {
          input: { headline: 'In recovery, looking for warehouse work', roles: [{ title: 'Warehouse operative' }] },
        },
        member.token,
      ),
    );
    const recorder = await account(['MEMBER'], unique('Curious Cal'));
    const added = ok(
      await gql<{ addContact: any }>(ADD, { input: { displayName: 'Pat?', email: member.email, context: 'OTHER', strength: 0.2 } }, recorder.token),
    ).addContact;
    expect(added.person).toEqual({ id: expect.any(String), displayName: 'Pat?', headline: null, isMember: false, roles: [] });
    expect(added.person.id).not.toBe(member.personId);
  });

  it('ids do not show whether anyone else knows a person, nor that two identifiers are one person', async () => {
    const { victor, nodeId } = await honestVictor();
    const prober = await account(['MEMBER'], unique('Prober'));
    const byPhone = ok(
      await gql<{ addContact: any }>(ADD, { input: { displayName: 'P1', phone: victor.phone, context: 'OTHER', strength: 0.1 } }, prober.token),
    ).addContact;
    // Adding the same person by another identifier is a separate contact, not "already in your network".
    const byLinkedIn = await gql<{ addContact: any }>(
      ADD,
      { input: { displayName: 'P2', linkedinUrl: victor.linkedinUrl, context: 'OTHER', strength: 0.1 } },
      prober.token,
    );
    expect(byLinkedIn.errors).toBeUndefined();
    expect(byLinkedIn.data!.addContact.person.id).not.toBe(byPhone.person.id);
    // Add, remove, add again: a new id each time although the node lives on (someone else knows them).
    ok(await gql(REMOVE, { id: byPhone.person.id }, prober.token));
    const again = ok(
      await gql<{ addContact: any }>(ADD, { input: { displayName: 'P1', phone: victor.phone, context: 'OTHER', strength: 0.1 } }, prober.token),
    ).addContact;
    expect(again.person.id).not.toBe(byPhone.person.id);
    expect(await nodeIdOf(again.person.id)).toBe(nodeId);
    // Another member's id for the same person does not work for the prober.
    const stranger = await account(['MEMBER'], unique('Stranger'));
    expect(codeOf(await gql(REMOVE, { id: again.person.id }, stranger.token))).toBe('NOT_FOUND');
    // Typing the same identifier the prober recorded is their own knowledge: that is a conflict.
    expect(codeOf(await gql(ADD, { input: { displayName: 'P1 again', phone: victor.phone, context: 'OTHER', strength: 0.1 } }, prober.token))).toBe('CONFLICT');
  });

  it('import counts do not reveal which rows other members already know', async () => {
    const { victor } = await honestVictor();
    const importer = await account(['MEMBER'], unique('Counting Cara'));
    const csv = `First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nVic,Tor,,${victor.email},,,\r\nNew,Person,,${unique('new')}@example.org,,,`;
    const job = await finished(importer, (await importFile(importer, 'LINKEDIN_CSV', csv)).id);
    expect(job).toMatchObject({ status: 'COMPLETED', created: 2, linkedExisting: 0 });
  });
  it("searching one's network does not match the work a contact declared about themselves", async () => {
    const member = await account(['MEMBER'], unique('Private Quinn'));
    ok(
      await gql(
        `mutation($input: AccountSettingsInput!) { updateAccountSettings(input: $input) { lendsNetwork } }`,
        { input: { roles: [{ title: 'Recovery support worker' }] } },
        member.token,
      ),
    );
    const prober = await account(['MEMBER'], unique('Searcher'));
    await addContact(prober, { displayName: 'Q', email: member.email, context: 'OTHER', strength: 0.1 });
    const found = ok(await gql<{ network: any }>(`{ network(first: 5, filter: { search: "recovery" }) { totalCount } }`, {}, prober.token)).network;
    expect(found.totalCount).toBe(0);
  });

  it("merging a contact of one's own into someone others recorded does not carry its identifiers to them", async () => {
    const { victor, nodeId } = await honestVictor();
    const attacker = await account(['MEMBER'], unique('Merging Mal'));
    const attackerEmail = `${unique('mallory')}@example.org`;
    const mine = await addContact(attacker, { displayName: 'Me again', email: attackerEmail, context: 'OTHER', strength: 0.2 });
    const vic = await addContact(attacker, { displayName: 'Vic', linkedinUrl: victor.linkedinUrl, context: 'OTHER', strength: 0.2 });
    ok(await gql(`mutation($k: ID!, $m: ID!) { mergeContacts(keepId: $k, mergeId: $m) { strength } }`, { k: vic, m: mine }, attacker.token));
    const keys = await cypher<{ n: number }>(`MATCH (ik:IdentityKey)-[:IDENTIFIES]->(:Person {id: $id}) RETURN count(ik) AS n`, { id: nodeId });
    expect(keys[0].n).toBe(3);
    const newcomer = await account(['MEMBER'], unique('Finder'));
    expect(await nodeIdOf(await addContact(newcomer, { displayName: 'By that address', email: attackerEmail, context: 'OTHER', strength: 0.2 }))).not.toBe(
      nodeId,
    );
  });
});

describe('identifier bounds', () => {
  it('refuses more than 3 emails or 3 phones on a contact, naming the field', async () => {
    const member = await account(['MEMBER'], unique('Bounded'));
    const emails = Array.from({ length: 3 }, () => `${unique('e')}@example.org`);
    const tooMany = await gql(ADD, { input: { displayName: 'X', email: `${unique('e')}@example.org`, emails, context: 'OTHER', strength: 0.1 } }, member.token);
    expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
    expect(tooMany.errors![0].extensions!.field).toBe('input.emails');
    const phones = ['+447912345601', '+447912345602', '+447912345603', '+447912345604'];
    const tooManyPhones = await gql(ADD, { input: { displayName: 'Y', phones, context: 'OTHER', strength: 0.1 } }, member.token);
    expect(tooManyPhones.errors![0].extensions!.field).toBe('input.phones');
    expect(await cypher(`MATCH (:Person {id: $id})-[k:KNOWS]->() RETURN k`, { id: localOf(member.personId) })).toHaveLength(0);
    const fine = ok(
      await gql<{ addContact: any }>(
        ADD,
        { input: { displayName: 'Z', email: emails[0], emails: emails.slice(1), context: 'OTHER', strength: 0.1 } },
        member.token,
      ),
    );
    expect(fine.addContact.recorded.emails).toEqual(emails);
  });

  it('updateRelationship edits what the member typed, within the same bounds', async () => {
    const member = await account(['MEMBER'], unique('Editor'));
    const id = await addContact(member, { displayName: 'Edit Me', email: `${unique('old')}@example.org`, context: 'FRIEND', strength: 0.5 });
    const UPDATE = `mutation($id: ID!, $input: RelationshipUpdateInput!) { updateRelationship(personId: $id, input: $input) { person { displayName roles { title } } recorded { emails phones linkedinUrl } } }`;
    const fresh = `${unique('new')}@example.org`;
    const updated = ok(
      await gql<{ updateRelationship: any }>(
        UPDATE,
        { id, input: { displayName: 'Edited', email: fresh, phone: '07912 345678', roles: [{ title: 'Chef' }] } },
        member.token,
      ),
    ).updateRelationship;
    expect(updated).toEqual({
      person: { displayName: 'Edited', roles: [{ title: 'Chef' }] },
      recorded: { emails: [fresh], phones: ['+447912345678'], linkedinUrl: null },
    });
    const bad = await gql(UPDATE, { id, input: { phones: ['+447912345601', '+447912345602', '+447912345603', '+447912345604'] } }, member.token);
    expect(bad.errors![0].extensions!.field).toBe('input.phones');
    // Each kind given replaces that kind only: a new phone keeps the email and the profile, and clearing emails keeps the phones.
    const profile = 'https://www.linkedin.com/in/edit-me-' + unique('p').slice(-6).toLowerCase();
    ok(await gql(UPDATE, { id, input: { linkedinUrl: profile } }, member.token));
    const phoned = ok(await gql<{ updateRelationship: any }>(UPDATE, { id, input: { phone: '+447912345699' } }, member.token)).updateRelationship;
    expect(phoned.recorded).toEqual({ emails: [fresh], phones: ['+447912345699'], linkedinUrl: profile });
    const cleared = ok(await gql<{ updateRelationship: any }>(UPDATE, { id, input: { emails: [], email: '' } }, member.token)).updateRelationship;
    expect(cleared.recorded).toEqual({ emails: [], phones: ['+447912345699'], linkedinUrl: profile });
  });
});

describe('10. erasure residue', () => {
  it("leaves no self-declared work, asked edges or actor ids of an erased member on others' requests", async () => {
    const [member, broker, target] = await Promise.all([
      account(['MEMBER'], unique('Asker')),
      account(['VOLUNTEER'], unique('Leaving Broker')),
      account(['MEMBER'], unique('Far Target')),
    ]);
    ok(
      await gql(
        `mutation($input: AccountSettingsInput!) { updateAccountSettings(input: $input) { lendsNetwork } }`,
        {
          input: { roles: [{ title: 'Senior care assistant', organisation: 'Oakfield Care Home' }] },
        },
        broker.token,
      ),
    );
    await addContact(member, { displayName: broker.name, email: broker.email, context: 'FRIEND', strength: 0.9 });
    await addContact(broker, { displayName: target.name, email: target.email, context: 'FRIEND', strength: 0.9, roles: [{ title: 'Dental nurse' }] });
    let intro = await request(member, await pathTo(member, 'Dental nurse'));
    intro = await respond(broker, intro.id, true);
    const brokerId = localOf(broker.personId);
    ok(await gql(`mutation { deleteMyAccount(confirm: "DELETE") }`, {}, broker.token));
    const residue = await cypher<{ n: number }>(
      `MATCH (r:IntroRequest {id: $id})
       RETURN COUNT { (r)-[:ASKED]->(:Person {id: $b}) } + COUNT { (r)-[:HAS_EVENT]->(:IntroEvent {actorId: $b}) }
            + COUNT { (r)-[s:STEP]->() WHERE s.askeeId = $b OR s.recordedBy = $b OR s.work CONTAINS 'Oakfield' } AS n`,
      { id: localOf(intro.id), b: brokerId },
    );
    expect(residue[0].n).toBe(0);
    const tombstones = await cypher<{ actor: string }>(
      `MATCH (:IntroRequest {id: $id})-[:HAS_EVENT]->(e:IntroEvent) WHERE e.actorId STARTS WITH 'erased:' RETURN e.actorId AS actor`,
      { id: localOf(intro.id) },
    );
    expect(tombstones.length).toBeGreaterThan(0);
  });
});
