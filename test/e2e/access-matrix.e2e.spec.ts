import { beforeAll, describe, expect, it } from '@jest/globals';
import { gql, unique, type GqlResponse } from '../support/api-client.js';
import { account, addContact, ok } from '../support/intro-helpers.js';

type Who = 'member' | 'otherMember' | 'volunteer' | 'coach' | 'otherCoach' | 'admin';
type Outcome = 'ok' | 'FORBIDDEN' | 'null';
const WHO: Who[] = ['member', 'otherMember', 'volunteer', 'coach', 'otherCoach', 'admin'];

/**
 * Who may see and do what, for every operation of coaching and events and the network reads of the
 * foundation, checked for each kind of account against one member who has a coach, contacts and notes.
 */
describe('access matrix: coaching, events and the network', () => {
  const users = {} as Record<Who, Awaited<ReturnType<typeof account>>>;
  let contactId: string;
  let eventId: string;

  beforeAll(async () => {
    const made = await Promise.all([
      account(['MEMBER'], unique('Matrix Member')),
      account(['MEMBER'], unique('Matrix Other')),
      account(['VOLUNTEER'], unique('Matrix Volunteer')),
      account(['COACH'], unique('Matrix Coach')),
      account(['COACH'], unique('Matrix Other Coach')),
      account(['ADMIN'], unique('Matrix Admin')),
    ]);
    WHO.forEach((w, i) => (users[w] = made[i]));
    contactId = await addContact(users.member, {
      displayName: 'Private Friend',
      email: `${unique('pf')}@example.org`,
      context: 'FRIEND',
      strength: 0.8,
      howWeMet: 'School',
    });
    ok(
      await gql(
        `mutation($m: ID!, $c: ID!) { assignCoach(memberId: $m, coachId: $c) { stalled } }`,
        { m: users.member.personId, c: users.coach.personId },
        users.admin.token,
      ),
    );
    for (const visibility of ['PRIVATE', 'SHARED_WITH_MEMBER']) {
      ok(
        await gql(
          `mutation($i: AddCoachNoteInput!) { addCoachNote(input: $i) { id } }`,
          { i: { memberId: users.member.personId, body: `${visibility} note`, visibility } },
          users.coach.token,
        ),
      );
    }
    eventId = ok(
      await gql<{ createEvent: any }>(
        `mutation { createEvent(input: { title: "Matrix fair", startsAt: "${new Date(Date.now() + 86_400_000).toISOString()}" }) { id } }`,
        {},
        users.volunteer.token,
      ),
    ).createEvent.id;
  });

  const M = () => users.member.personId;
  const cases: { name: string; run: (token: string) => Promise<GqlResponse>; isNull?: (r: GqlResponse) => boolean; expect: Record<Who, Outcome> }[] = [
    {
      name: 'memberProgress(member)',
      run: (t) => gql(`query($m: ID!) { memberProgress(memberId: $m) { networkSize } }`, { m: M() }, t),
      expect: { member: 'ok', otherMember: 'FORBIDDEN', volunteer: 'FORBIDDEN', coach: 'ok', otherCoach: 'FORBIDDEN', admin: 'ok' },
    },
    {
      name: 'caseload (lists the member only for their coach)',
      run: (t) => gql(`{ caseload { members { edges { node { member { id } } } } } }`, {}, t),
      isNull: (r) => !(r.data as any)?.caseload.members.edges.some((e: any) => e.node.member.id === M()),
      expect: { member: 'FORBIDDEN', otherMember: 'FORBIDDEN', volunteer: 'FORBIDDEN', coach: 'ok', otherCoach: 'null', admin: 'null' },
    },
    {
      name: 'coachNotes(member)',
      run: (t) => gql(`query($m: ID!) { coachNotes(memberId: $m) { body } }`, { m: M() }, t),
      expect: { member: 'ok', otherMember: 'FORBIDDEN', volunteer: 'FORBIDDEN', coach: 'ok', otherCoach: 'FORBIDDEN', admin: 'FORBIDDEN' },
    },
    {
      name: 'addCoachNote(member)',
      run: (t) => gql(`mutation($i: AddCoachNoteInput!) { addCoachNote(input: $i) { id } }`, { i: { memberId: M(), body: 'matrix' } }, t),
      expect: { member: 'FORBIDDEN', otherMember: 'FORBIDDEN', volunteer: 'FORBIDDEN', coach: 'ok', otherCoach: 'FORBIDDEN', admin: 'FORBIDDEN' },
    },
    {
      name: 'assignCoach(member -> their coach)',
      run: (t) => gql(`mutation($m: ID!, $c: ID!) { assignCoach(memberId: $m, coachId: $c) { stalled } }`, { m: M(), c: users.coach.personId }, t),
      expect: { member: 'FORBIDDEN', otherMember: 'FORBIDDEN', volunteer: 'FORBIDDEN', coach: 'ok', otherCoach: 'FORBIDDEN', admin: 'ok' },
    },
    {
      name: 'createEvent',
      run: (t) => gql(`mutation { createEvent(input: { title: "Matrix", startsAt: "${new Date(Date.now() + 3_600_000).toISOString()}" }) { id } }`, {}, t),
      expect: { member: 'FORBIDDEN', otherMember: 'FORBIDDEN', volunteer: 'ok', coach: 'ok', otherCoach: 'ok', admin: 'ok' },
    },
    {
      name: 'events',
      run: (t) => gql(`{ events(first: 100) { edges { node { id } } } }`, {}, t),
      isNull: (r) => !(r.data as any)?.events.edges.some((e: any) => e.node.id === eventId),
      expect: { member: 'ok', otherMember: 'ok', volunteer: 'ok', coach: 'ok', otherCoach: 'ok', admin: 'ok' },
    },
    {
      name: "person(the member's contact)",
      run: (t) => gql(`query($id: ID!) { person(id: $id) { displayName } }`, { id: contactId }, t),
      isNull: (r) => (r.data as any)?.person === null,
      expect: { member: 'ok', otherMember: 'null', volunteer: 'null', coach: 'null', otherCoach: 'null', admin: 'null' },
    },
    {
      name: "network (shows the member's contact only to the member)",
      run: (t) => gql(`{ network(first: 100) { edges { node { person { id } howWeMet } } } }`, {}, t),
      isNull: (r) => !(r.data as any)?.network.edges.some((e: any) => e.node.person.id === contactId),
      expect: { member: 'ok', otherMember: 'null', volunteer: 'null', coach: 'null', otherCoach: 'null', admin: 'null' },
    },
    {
      name: 'assignCoach(member -> the other coach): only an admin moves a member (runs last: it moves them)',
      run: (t) => gql(`mutation($m: ID!, $c: ID!) { assignCoach(memberId: $m, coachId: $c) { stalled } }`, { m: M(), c: users.otherCoach.personId }, t),
      expect: { member: 'FORBIDDEN', otherMember: 'FORBIDDEN', volunteer: 'FORBIDDEN', coach: 'FORBIDDEN', otherCoach: 'FORBIDDEN', admin: 'ok' },
    },
  ];

  it('shows the member only the notes shared with them, the coach all of their own', async () => {
    const mine = ok(await gql<{ coachNotes: any[] }>(`query($m: ID!) { coachNotes(memberId: $m) { body } }`, { m: M() }, users.member.token)).coachNotes;
    expect(mine.map((n) => n.body)).toEqual(['SHARED_WITH_MEMBER note']);
    const coachs = ok(await gql<{ coachNotes: any[] }>(`query($m: ID!) { coachNotes(memberId: $m) { body } }`, { m: M() }, users.coach.token)).coachNotes;
    expect(coachs.map((n) => n.body).sort()).toEqual(['PRIVATE note', 'SHARED_WITH_MEMBER note']);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const got: Record<string, string> = {};
    for (const who of WHO) {
      const res = await c.run(users[who].token);
      expect(res.status).toBeLessThan(500);
      const code = res.errors?.[0]?.extensions?.code;
      got[who] = code ? (code === 'FORBIDDEN' ? 'FORBIDDEN' : `error ${code}`) : c.isNull?.(res) ? 'null' : 'ok';
    }
    expect(got).toEqual(c.expect);
  });
});
