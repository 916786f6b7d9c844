import { afterAll, describe, expect, it } from '@jest/globals';
import { codeOf, gql, unique } from '../support/api-client.js';
import { account, addContact, ok } from '../support/intro-helpers.js';
import { toGlobalId } from '#libs/common';
import { closeProbe, nodeIdOf } from '../support/graph-probe.js';

const CREATE = `mutation($input: CreateEventInput!) { createEvent(input: $input) { id title theme startsAt location attendeeCount } }`;
const ATTEND = `mutation($id: ID!, $listed: Boolean, $shownAs: String) { recordAttendance(eventId: $id, listed: $listed, shownAs: $shownAs) { id attendeeCount myAttendance { listed shownAs } } }`;
const MET = `mutation($input: MetAtEventInput!) { metAtEvent(input: $input) { person { id displayName } context strength howWeMet } }`;
const EVENTS = `query($from: DateTime) { events(from: $from, first: 100) { totalCount edges { node { id title attendeeCount } } } }`;

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600 * 1000).toISOString();

afterAll(closeProbe);

describe('events', () => {
  it('lets coaches and volunteers create events, not members; refuses dates far in the past', async () => {
    const [coach, member] = await Promise.all([account(['COACH'], 'Event Coach'), account(['MEMBER'], 'Event Member')]);
    const event = ok(
      await gql<{ createEvent: any }>(
        CREATE,
        { input: { title: 'Health careers meet-up', theme: 'Health and care', startsAt: hoursFromNow(48), location: 'Leeds Central Library' } },
        coach.token,
      ),
    ).createEvent;
    expect(event).toMatchObject({ title: 'Health careers meet-up', theme: 'Health and care', attendeeCount: 0 });
    expect(codeOf(await gql(CREATE, { input: { title: 'Mine', startsAt: hoursFromNow(1) } }, member.token))).toBe('FORBIDDEN');
    const old = await gql(CREATE, { input: { title: 'Old', startsAt: hoursFromNow(-24 * 60) } }, coach.token);
    expect(codeOf(old)).toBe('BAD_USER_INPUT');
    expect(old.errors![0].extensions!.field).toBe('input.startsAt');
    const listed = ok(await gql<{ events: any }>(EVENTS, {}, member.token)).events;
    expect(listed.edges.map((e: any) => e.node.id)).toContain(event.id);
    // Attendance at an event that has not happened yet is refused.
    expect(codeOf(await gql(ATTEND, { id: event.id }, member.token))).toBe('CONFLICT');
  });

  it('records attendance and the people met there as EVENT relationships; a pair who already knew each other grows stronger', async () => {
    const volunteer = await account(['VOLUNTEER'], 'Event Volunteer');
    const [ana, ben, cat, dan] = await Promise.all(['Ana', 'Ben', 'Cat', 'Dan'].map((n) => account(['MEMBER'], unique(n))));
    const event = ok(
      await gql<{ createEvent: any }>(CREATE, { input: { title: 'Construction open day', startsAt: hoursFromNow(-2) } }, volunteer.token),
    ).createEvent;
    // Listed by choice: Ben as "Ben from the bus", Cat by default (the first word of her own name).
    ok(await gql(ATTEND, { id: event.id, listed: true, shownAs: 'Ben from the bus' }, ben.token));
    expect(ok(await gql<{ recordAttendance: any }>(ATTEND, { id: event.id, listed: true }, cat.token)).recordAttendance.myAttendance).toEqual({
      listed: true,
      shownAs: cat.name,
    });
    ok(await gql(ATTEND, { id: event.id }, ana.token));
    expect(ok(await gql<{ recordAttendance: any }>(ATTEND, { id: event.id }, ana.token)).recordAttendance).toMatchObject({
      attendeeCount: 3,
      myAttendance: { listed: false },
    });
    await addContact(ana, { displayName: 'Cat (school)', email: cat.email, context: 'FRIEND', strength: 0.5 });

    // Bad input first: nothing is written.
    const notThere = await gql(MET, { input: { eventId: event.id, personIds: [ben.personId, dan.personId] } }, ana.token);
    expect(codeOf(notThere)).toBe('BAD_USER_INPUT');
    expect(notThere.errors![0].extensions!.field).toBe('input.personIds[1]');
    expect(notThere.errors![0].message).toContain('attendee list');
    const self = await gql(MET, { input: { eventId: event.id, personIds: [ana.personId] } }, ana.token);
    expect(codeOf(self)).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(MET, { input: { eventId: event.id, personIds: [ana.personId] } }, dan.token))).toBe('FORBIDDEN');
    expect(codeOf(await gql(MET, { input: { eventId: event.id, personIds: [] } }, ana.token))).toBe('BAD_USER_INPUT');
    const before = ok(await gql<{ network: any }>(`{ network(first: 10) { totalCount } }`, {}, ana.token)).network.totalCount;
    expect(before).toBe(1);

    const rels = ok(await gql<{ metAtEvent: any[] }>(MET, { input: { eventId: event.id, personIds: [ben.personId, cat.personId] } }, ana.token)).metAtEvent;
    // Contacts appear under the caller's own relationship ids: key them by the person's node.
    const byId = new Map(await Promise.all(rels.map(async (r) => [toGlobalId('Person', await nodeIdOf(r.person.id)), r] as const)));
    expect(byId.get(ben.personId)).toMatchObject({
      context: 'EVENT',
      strength: 0.3,
      howWeMet: 'Met at Construction open day',
      person: { displayName: 'Ben from the bus' },
    });
    expect(byId.get(cat.personId)).toMatchObject({ context: 'FRIEND', strength: 0.6, person: { displayName: 'Cat (school)' } });
    expect(ok(await gql<{ network: any }>(`{ network(first: 10) { totalCount } }`, {}, ana.token)).network.totalCount).toBe(2);
  });
});
