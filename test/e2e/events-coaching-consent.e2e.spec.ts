import { describe, expect, it } from '@jest/globals';
import { toGlobalId } from '#libs/common';
import { randomUUID } from 'node:crypto';
import { codeOf, gql, unique } from '../support/api-client.js';
import { account, addContact, ok } from '../support/intro-helpers.js';

/**
 * Issue 12, findings 5 (events) and 7 (coach assignment), replayed through the API: each
 * reproduction must no longer work. Also issue 14 finding 1: metAtEvent's full output and retries.
 */

const CREATE = `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`;
const ATTEND = `mutation($id: ID!, $listed: Boolean, $shownAs: String) { recordAttendance(eventId: $id, listed: $listed, shownAs: $shownAs) { id attendeeCount myAttendance { listed shownAs } } }`;
const LISTING = `mutation($input: AttendanceListingInput!) { setAttendanceListing(input: $input) { id myAttendance { listed shownAs } } }`;
const REL_FIELDS = `person { id displayName headline isMember roles { title organisation sector location current occupation { code title } } } context strength howWeMet lastContactAt createdAt`;
const MET = `mutation($input: MetAtEventInput!) { metAtEvent(input: $input) { ${REL_FIELDS} } }`;
const EVENT = `query($id: ID!) { node(id: $id) { ... on Event { id title attendeeCount myAttendance { listed shownAs } attendees(first: 50) { totalCount edges { cursor node { personId displayName isViewer } } pageInfo { hasNextPage endCursor } } } } }`;
const NETWORK = `{ network(first: 100) { totalCount edges { node { ${REL_FIELDS} } } } }`;

type User = Awaited<ReturnType<typeof account>>;
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600 * 1000).toISOString();
const newEvent = async (host: User, title: string) => ok(await gql<{ createEvent: { id: string } }>(CREATE, { input: { title, startsAt: hoursFromNow(-1) } }, host.token)).createEvent.id;
const network = async (who: User) => ok(await gql<{ network: any }>(NETWORK, {}, who.token)).network;
const eventAs = async (who: User, id: string) => ok(await gql<{ node: any }>(EVENT, { id }, who.token)).node;

describe('events: attendees are listed only by choice, and only to attendees', () => {
  it('no longer lets a member learn a member\'s real name and which events they attended (issue 12, finding 5)', async () => {
    const host = await account(['VOLUNTEER'], unique('Cafe Host'));
    const realName = unique('Jordan Realname');
    const [victim, attacker] = await Promise.all([account(['MEMBER'], realName), account(['MEMBER'], unique('Curious'))]);
    const cafe = await newEvent(host, unique('Recovery café'));
    ok(await gql(ATTEND, { id: cafe }, victim.token)); // attends, not listed (the default)

    // The attacker, who was not there, sees no attendee list; recording their own attendance (unchecked) shows only the listed.
    expect((await eventAs(attacker, cafe)).attendees).toBeNull();
    ok(await gql(ATTEND, { id: cafe }, attacker.token));
    expect((await eventAs(attacker, cafe)).attendees).toMatchObject({ totalCount: 0, edges: [] });

    // metAtEvent with the victim's id answers exactly as for an id that names nobody: nothing to learn.
    const withVictim = await gql(MET, { input: { eventId: cafe, personIds: [victim.personId] } }, attacker.token);
    const withNobody = await gql(MET, { input: { eventId: cafe, personIds: [toGlobalId('Person', randomUUID())] } }, attacker.token);
    expect(codeOf(withVictim)).toBe('BAD_USER_INPUT');
    expect(withVictim.errors![0]).toEqual(withNobody.errors![0]);
    expect(withVictim.data).toEqual(withNobody.data);
    expect((await network(attacker)).totalCount).toBe(0);
    expect(JSON.stringify(await network(attacker))).not.toContain(realName);
  });

  it('puts the name the attendee chose on the new relationship, never their account name; unlisting stops new meetings', async () => {
    const host = await account(['COACH'], unique('Fair Host'));
    const realName = unique('Priya Private');
    const [shy, open, me] = await Promise.all([account(['MEMBER'], realName), account(['MEMBER'], unique('Open Olu')), account(['MEMBER'], unique('Me Member'))]);
    const fair = await newEvent(host, unique('Jobs fair'));
    ok(await gql(ATTEND, { id: fair, listed: true, shownAs: 'P from the fair' }, shy.token));
    ok(await gql(ATTEND, { id: fair, listed: true }, open.token));
    ok(await gql(ATTEND, { id: fair, listed: false }, me.token));

    const seen = (await eventAs(me, fair)).attendees;
    expect(seen.totalCount).toBe(2);
    expect(seen.edges.map((e: any) => e.node).sort((a: any, b: any) => a.displayName.localeCompare(b.displayName))).toEqual(
      [
        { personId: open.personId, displayName: open.name.split(' ')[0], isViewer: false },
        { personId: shy.personId, displayName: 'P from the fair', isViewer: false },
      ].sort((a, b) => a.displayName.localeCompare(b.displayName)),
    );
    expect(JSON.stringify(seen)).not.toContain(realName);

    const [rel] = ok(await gql<{ metAtEvent: any[] }>(MET, { input: { eventId: fair, personIds: [shy.personId] } }, me.token)).metAtEvent;
    expect(rel.person.displayName).toBe('P from the fair');
    const person = ok(await gql<{ person: any }>(`query($id: ID!) { person(id: $id) { displayName } }`, { id: shy.personId }, me.token)).person;
    expect(person.displayName).toBe('P from the fair');
    expect(JSON.stringify(await network(me))).not.toContain(realName);

    // Olu leaves the list: he is no longer offered nor accepted, and answers like anyone else not on it.
    expect(ok(await gql<{ setAttendanceListing: any }>(LISTING, { input: { eventId: fair, listed: false } }, open.token)).setAttendanceListing.myAttendance.listed).toBe(false);
    expect((await eventAs(me, fair)).attendees.totalCount).toBe(1);
    const afterLeaving = await gql(MET, { input: { eventId: fair, personIds: [open.personId] } }, me.token);
    expect(codeOf(afterLeaving)).toBe('BAD_USER_INPUT');
    expect(afterLeaving.errors![0].message).toBe("input.personIds[0]: is not on this event's attendee list");
    // Changing one's listing needs one's own attendance there.
    expect(codeOf(await gql(LISTING, { input: { eventId: fair, listed: true } }, host.token))).toBe('NOT_FOUND');
    // A listing name is checked like any short text.
    const long = await gql(LISTING, { input: { eventId: fair, listed: true, shownAs: 'x'.repeat(61) } }, open.token);
    expect(codeOf(long)).toBe('BAD_USER_INPUT');
    expect(long.errors![0].extensions!.field).toBe('input.shownAs');
  });

  it('answers metAtEvent with every output field, and a retry changes nothing more (issue 14, finding 1)', async () => {
    const host = await account(['VOLUNTEER'], unique('Retry Host'));
    const [me, newFriend, oldFriend] = await Promise.all([account(['MEMBER'], unique('Retry Me')), account(['MEMBER'], unique('New Nia')), account(['MEMBER'], unique('Old Oscar'))]);
    await addContact(me, { displayName: 'Oscar (school)', email: oldFriend.email, context: 'FRIEND', strength: 0.5 });
    const day = await newEvent(host, unique('Open day'));
    for (const who of [me, newFriend, oldFriend]) ok(await gql(ATTEND, { id: day, listed: true }, who.token));

    const input = { eventId: day, personIds: [newFriend.personId, oldFriend.personId] };
    const first = await gql<{ metAtEvent: any[] }>(MET, { input }, me.token);
    expect(first.errors).toBeUndefined();
    const byId = new Map(first.data!.metAtEvent.map((r) => [r.person.id, r]));
    const fresh = byId.get(newFriend.personId);
    expect(fresh).toMatchObject({ context: 'EVENT', strength: 0.3, person: { isMember: true, roles: [] } });
    expect(new Date(fresh.createdAt).getTime()).toBeGreaterThan(Date.now() - 120_000);
    expect(new Date(fresh.lastContactAt).getTime()).toBeLessThan(Date.now());
    expect(byId.get(oldFriend.personId)).toMatchObject({ context: 'FRIEND', strength: 0.6, person: { displayName: 'Oscar (school)' } });

    const before = await network(me);
    const again = ok(await gql<{ metAtEvent: any[] }>(MET, { input }, me.token)).metAtEvent;
    expect(new Map(again.map((r) => [r.person.id, r]))).toEqual(byId);
    expect(await network(me)).toEqual(before);
    expect(before.totalCount).toBe(2);
  });
});
