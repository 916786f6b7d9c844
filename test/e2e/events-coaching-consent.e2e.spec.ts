import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { toGlobalId } from '#libs/common';
import { codeOf, gql, unique } from '../support/api-client.js';
import { account, addContact, ok } from '../support/intro-helpers.js';
import { testRun } from '../support/test-env.js';
import { closeProbe, nodeIdOf } from '../support/graph-probe.js';

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
const newEvent = async (host: User, title: string) =>
  ok(await gql<{ createEvent: { id: string } }>(CREATE, { input: { title, startsAt: hoursFromNow(-1) } }, host.token)).createEvent.id;
const network = async (who: User) => ok(await gql<{ network: any }>(NETWORK, {}, who.token)).network;
const eventAs = async (who: User, id: string) => ok(await gql<{ node: any }>(EVENT, { id }, who.token)).node;

afterAll(closeProbe);

describe('events: attendees are listed only by choice, and only to attendees', () => {
  it("no longer lets a member learn a member's real name and which events they attended (issue 12, finding 5)", async () => {
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
    const [shy, open, me] = await Promise.all([
      account(['MEMBER'], realName),
      account(['MEMBER'], unique('Open Olu')),
      account(['MEMBER'], unique('Me Member')),
    ]);
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
    expect(
      ok(await gql<{ setAttendanceListing: any }>(LISTING, { input: { eventId: fair, listed: false } }, open.token)).setAttendanceListing.myAttendance.listed,
    ).toBe(false);
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
    const [me, newFriend, oldFriend] = await Promise.all([
      account(['MEMBER'], unique('Retry Me')),
      account(['MEMBER'], unique('New Nia')),
      account(['MEMBER'], unique('Old Oscar')),
    ]);
    await addContact(me, { displayName: 'Oscar (school)', email: oldFriend.email, context: 'FRIEND', strength: 0.5 });
    const day = await newEvent(host, unique('Open day'));
    for (const who of [me, newFriend, oldFriend]) ok(await gql(ATTEND, { id: day, listed: true }, who.token));

    const input = { eventId: day, personIds: [newFriend.personId, oldFriend.personId] };
    const first = await gql<{ metAtEvent: any[] }>(MET, { input }, me.token);
    expect(first.errors).toBeUndefined();
    // Contacts appear under the caller's own relationship ids: key them by the person's node.
    const byId = new Map(await Promise.all(first.data!.metAtEvent.map(async (r: any) => [toGlobalId('Person', await nodeIdOf(r.person.id)), r] as const)));
    const fresh = byId.get(newFriend.personId);
    expect(fresh).toMatchObject({ context: 'EVENT', strength: 0.3, person: { isMember: false, roles: [] } });
    expect(new Date(fresh.createdAt).getTime()).toBeGreaterThan(Date.now() - 120_000);
    expect(new Date(fresh.lastContactAt).getTime()).toBeLessThan(Date.now());
    expect(byId.get(oldFriend.personId)).toMatchObject({ context: 'FRIEND', strength: 0.6, person: { displayName: 'Oscar (school)' } });

    const before = await network(me);
    const again = ok(await gql<{ metAtEvent: any[] }>(MET, { input }, me.token)).metAtEvent;
    expect(new Map(await Promise.all(again.map(async (r: any) => [toGlobalId('Person', await nodeIdOf(r.person.id)), r] as const)))).toEqual(byId);
    expect(await network(me)).toEqual(before);
    expect(before.totalCount).toBe(2);
  });
});

const ASSIGN = `mutation($m: ID!, $c: ID!, $o: Boolean) { assignCoach(memberId: $m, coachId: $c, override: $o) { member { id } networkSize goals { work } } }`;
const PROGRESS = `query($m: ID!) { memberProgress(memberId: $m) { member { id } goals { work } } }`;
const CASELOAD = `{ caseload(first: 100) { load members { edges { node { member { id } } } } } }`;
const INVITE = `mutation($m: ID!) { inviteToCaseload(memberId: $m) { id status awaitingMyAnswer createdAt respondedAt coach { id displayName } member { id displayName headline roles { title } } } }`;
const ANSWER = `mutation($input: RespondToCoachInvitationInput!) { respondToCoachInvitation(input: $input) { id status awaitingMyAnswer respondedAt coach { id } member { id } } }`;
const INVITATIONS = `query($status: CoachInvitationStatus) { myCoachInvitations(status: $status, first: 50) { totalCount edges { cursor node { id status awaitingMyAnswer coach { id displayName } member { id displayName roles { title } } } } pageInfo { hasNextPage endCursor } } }`;
const SETTINGS = `mutation($i: AccountSettingsInput!) { updateAccountSettings(input: $i) { brokerCapacity } }`;
const GOALS = `mutation($g: [WorkGoalInput!]!) { setWorkGoals(goals: $g) { id } }`;

/** Every outbox message to an address (quoted-printable soft breaks undone), oldest name first. */
function messagesTo(email: string): string[] {
  const dir = testRun().outboxDir;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) =>
      readFileSync(join(dir, f), 'utf8')
        .replace(/=\r?\n/g, '')
        .replace(/=3D/g, '='),
    )
    .filter((t) => t.includes(`To: ${email}`));
}

/** Plain English for people: no ids, no API names. */
function expectPlain(message: string): void {
  const body = message.slice(message.indexOf('\n\n'));
  expect(body).not.toMatch(/[A-Za-z0-9_-]{24,}/);
  expect(body).not.toMatch(/assignCoach|inviteToCaseload|respondToCoachInvitation|mutation|memberId|coachId|graphql/i);
}

const canFollow = async (coach: User, member: User) => !codeOf(await gql(PROGRESS, { m: member.personId }, coach.token));
const caseloadOf = async (coach: User) => ok(await gql<{ caseload: any }>(CASELOAD, {}, coach.token)).caseload.members.edges.map((e: any) => e.node.member.id);

describe('coaching: a member joins a caseload only by agreeing, or through an admin', () => {
  it('no longer lets any coach enrol a member and read their goals (issue 12, finding 7)', async () => {
    const [coach, member] = await Promise.all([account(['COACH'], unique('Keen Coach')), account(['MEMBER'], unique('Quiet Member'))]);
    ok(await gql(GOALS, { g: [{ work: 'Care worker', note: 'after my recovery' }] }, member.token));
    ok(await gql(SETTINGS, { i: { roles: [{ title: 'Kitchen porter', organisation: 'Private Place' }] } }, member.token));

    // The reproduction: a coach names themselves for the member. It is refused; an invitation goes to the member instead.
    const res = await gql(ASSIGN, { m: member.personId, c: coach.personId }, coach.token);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.errors![0].extensions!.invitationSent).toBe(true);
    expect(res.data).toBeNull();
    expect(await canFollow(coach, member)).toBe(false);
    expect(await caseloadOf(coach)).toEqual([]);

    // The member is told, in plain words, and sees the invitation waiting for an answer.
    const told = messagesTo(member.email);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(`Subject: ${coach.name} would like to be your coach`);
    expectPlain(told[0]);
    const mine = ok(await gql<{ myCoachInvitations: any }>(INVITATIONS, {}, member.token)).myCoachInvitations;
    expect(mine.totalCount).toBe(1);
    expect(mine.edges[0].node).toMatchObject({ status: 'PENDING', awaitingMyAnswer: true, coach: { id: coach.personId, displayName: coach.name } });

    // The coach sees their invitation with the member's name only (not the work the member declared).
    const sent = ok(await gql<{ myCoachInvitations: any }>(INVITATIONS, {}, coach.token)).myCoachInvitations.edges[0].node;
    expect(sent).toMatchObject({ status: 'PENDING', awaitingMyAnswer: false, member: { id: member.personId, roles: [] } });
    // Asking again is the same invitation, and the member is not told twice.
    expect(ok(await gql<{ inviteToCaseload: any }>(INVITE, { m: member.personId }, coach.token)).inviteToCaseload.id).toBe(sent.id);
    expect(messagesTo(member.email)).toHaveLength(1);

    // Nobody else can answer for the member; a stranger's answer looks like an unknown invitation's.
    const stranger = await account(['MEMBER'], unique('Stranger'));
    const forged = await gql(ANSWER, { input: { invitationId: toGlobalId('CoachInvitation', randomUUID()), accept: true } }, stranger.token);
    const notTheirs = await gql(ANSWER, { input: { invitationId: sent.id, accept: true } }, stranger.token);
    expect(codeOf(notTheirs)).toBe('NOT_FOUND');
    expect(notTheirs.errors![0]).toEqual(forged.errors![0]);
    expect(codeOf(await gql(ANSWER, { input: { invitationId: sent.id, accept: true } }, coach.token))).toBe('NOT_FOUND');

    // The member says no: the coach is told, still sees nothing, and cannot ask again at once.
    expect(
      ok(await gql<{ respondToCoachInvitation: any }>(ANSWER, { input: { invitationId: sent.id, accept: false } }, member.token)).respondToCoachInvitation,
    ).toMatchObject({ status: 'DECLINED', awaitingMyAnswer: false });
    const coachTold = messagesTo(coach.email);
    expect(coachTold).toHaveLength(1);
    expect(coachTold[0]).toContain(`Subject: ${member.name} has not joined your caseload`);
    expectPlain(coachTold[0]);
    expect(await canFollow(coach, member)).toBe(false);
    expect(codeOf(await gql(INVITE, { m: member.personId }, coach.token))).toBe('CONFLICT');
    expect(codeOf(await gql(ANSWER, { input: { invitationId: sent.id, accept: true } }, member.token))).toBe('CONFLICT');
  });

  it("shows the member's goals to a coach once the member accepts, and tells the member and both coaches of every move", async () => {
    const [first, second, member, admin] = await Promise.all([
      account(['COACH'], unique('First Coach')),
      account(['COACH'], unique('Second Coach')),
      account(['MEMBER'], unique('Moving Member')),
      account(['ADMIN'], unique('Moving Admin')),
    ]);
    ok(await gql(GOALS, { g: [{ work: 'Electrician' }] }, member.token));
    const invitation = ok(await gql<{ inviteToCaseload: any }>(INVITE, { m: member.personId }, first.token)).inviteToCaseload;
    expect(invitation).toMatchObject({
      status: 'PENDING',
      coach: { id: first.personId },
      member: { id: member.personId, headline: null, roles: [] },
      respondedAt: null,
    });
    // A second coach may not invite while the first waits for an answer? They may: the member chooses. But not once the member has a coach.
    const accepted = ok(
      await gql<{ respondToCoachInvitation: any }>(ANSWER, { input: { invitationId: invitation.id, accept: true } }, member.token),
    ).respondToCoachInvitation;
    expect(accepted).toMatchObject({ status: 'ACCEPTED', coach: { id: first.personId } });
    expect(new Date(accepted.respondedAt).getTime()).toBeGreaterThan(Date.now() - 120_000);
    // Answering again the same way changes nothing and tells nobody twice.
    ok(await gql(ANSWER, { input: { invitationId: invitation.id, accept: true } }, member.token));
    expect(await caseloadOf(first)).toEqual([member.personId]);
    expect(ok(await gql<{ memberProgress: any }>(PROGRESS, { m: member.personId }, first.token)).memberProgress.goals).toEqual([{ work: 'Electrician' }]);
    expect(messagesTo(member.email).filter((m) => m.includes(`Subject: ${first.name} is now your coach`))).toHaveLength(1);
    expect(messagesTo(first.email).filter((m) => m.includes(`Subject: ${member.name} is now on your caseload`))).toHaveLength(1);
    expect(codeOf(await gql(INVITE, { m: member.personId }, second.token))).toBe('FORBIDDEN');

    // An admin moves the member: the member, the new coach and the old coach are each told; the old coach no longer sees them.
    ok(await gql(ASSIGN, { m: member.personId, c: second.personId }, admin.token));
    expect(await caseloadOf(first)).toEqual([]);
    expect(await caseloadOf(second)).toEqual([member.personId]);
    expect(await canFollow(first, member)).toBe(false);
    expect(await canFollow(second, member)).toBe(true);
    const toMember = messagesTo(member.email).filter((m) => m.includes(`Subject: ${second.name} is now your coach`));
    const toSecond = messagesTo(second.email).filter((m) => m.includes(`Subject: ${member.name} is now on your caseload`));
    const toFirst = messagesTo(first.email).filter((m) => m.includes(`Subject: ${member.name} has moved to another coach`));
    expect([toMember.length, toSecond.length, toFirst.length]).toEqual([1, 1, 1]);
    expect(toMember[0]).toContain('administrator');
    expect(toFirst[0]).not.toContain(second.name);
    for (const m of [...messagesTo(member.email), ...messagesTo(first.email), ...messagesTo(second.email)]) expectPlain(m);
    // The same assignment again is no change, and nobody is told again.
    ok(await gql(ASSIGN, { m: member.personId, c: second.personId }, admin.token));
    expect(messagesTo(member.email).filter((m) => m.includes(`Subject: ${second.name} is now your coach`))).toHaveLength(1);
  });
});

describe('coaching: notes in pages, edited and deleted by their author; finding people by name', () => {
  const NOTE = `mutation($i: AddCoachNoteInput!) { addCoachNote(input: $i) { id } }`;
  const NOTES = `query($m: ID!, $first: Int, $after: String) { coachNotesConnection(memberId: $m, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id body visibility createdAt updatedAt author { id } } } } }`;
  const EDIT = `mutation($i: UpdateCoachNoteInput!) { updateCoachNote(input: $i) { id body visibility updatedAt } }`;
  const DELETE = `mutation($id: ID!) { deleteCoachNote(noteId: $id) }`;
  const MEMBERS = `query($s: String, $after: String) { coachMembers(search: $s, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { member { id displayName roles { title } } onMyCaseload invitationId } } } }`;
  const DIRECTORY = `query($s: String, $role: AccountRole, $w: Boolean) { accountDirectory(search: $s, role: $role, withoutCoach: $w, first: 100) { totalCount edges { node { person { id displayName } roles coach { id } caseloadSize } } } }`;

  it('pages notes with a total, and lets only their author change or delete them', async () => {
    const [coach, member, admin, other] = await Promise.all([
      account(['COACH'], unique('Note Coach')),
      account(['MEMBER'], unique('Note Member')),
      account(['ADMIN'], unique('Note Admin')),
      account(['COACH'], unique('Other Coach')),
    ]);
    ok(await gql(ASSIGN, { m: member.personId, c: coach.personId }, admin.token));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        ok(
          await gql<{ addCoachNote: any }>(
            NOTE,
            { i: { memberId: member.personId, body: `note ${i}`, visibility: i % 2 ? 'SHARED_WITH_MEMBER' : 'PRIVATE' } },
            coach.token,
          ),
        ).addCoachNote.id,
      );
    const page1 = ok(await gql<{ coachNotesConnection: any }>(NOTES, { m: member.personId, first: 3 }, coach.token)).coachNotesConnection;
    expect(page1).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: true } });
    const page2 = ok(
      await gql<{ coachNotesConnection: any }>(NOTES, { m: member.personId, first: 3, after: page1.pageInfo.endCursor }, coach.token),
    ).coachNotesConnection;
    expect(page2).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: false } });
    expect([...page1.edges, ...page2.edges].map((e: any) => e.node.body)).toEqual(['note 4', 'note 3', 'note 2', 'note 1', 'note 0']);
    const shared = ok(await gql<{ coachNotesConnection: any }>(NOTES, { m: member.personId }, member.token)).coachNotesConnection;
    expect(shared.totalCount).toBe(2);
    // The old list field still answers as before.
    expect(
      ok(
        await gql<{ coachNotes: any[] }>(`query($m: ID!) { coachNotes(memberId: $m, first: 2) { body } }`, { m: member.personId }, coach.token),
      ).coachNotes.map((n) => n.body),
    ).toEqual(['note 4', 'note 3']);

    const edited = ok(
      await gql<{ updateCoachNote: any }>(EDIT, { i: { noteId: ids[0], body: 'note 0, reworded', visibility: 'SHARED_WITH_MEMBER' } }, coach.token),
    ).updateCoachNote;
    expect(edited).toMatchObject({ body: 'note 0, reworded', visibility: 'SHARED_WITH_MEMBER' });
    expect(new Date(edited.updatedAt).getTime()).toBeGreaterThan(Date.now() - 120_000);
    expect(ok(await gql<{ coachNotesConnection: any }>(NOTES, { m: member.personId }, member.token)).coachNotesConnection.totalCount).toBe(3);
    // Nobody else edits or deletes it, and their answer is the one for a note that does not exist.
    const unknown = toGlobalId('CoachNote', randomUUID());
    for (const who of [member, admin, other]) {
      const edit = await gql(EDIT, { i: { noteId: ids[0], body: 'mine now' } }, who.token);
      expect(edit.errors![0]).toEqual((await gql(EDIT, { i: { noteId: unknown, body: 'mine now' } }, who.token)).errors![0]);
      expect(codeOf(await gql(DELETE, { id: ids[0] }, who.token))).toBe('NOT_FOUND');
    }
    expect(codeOf(await gql(EDIT, { i: { noteId: ids[0] } }, coach.token))).toBe('BAD_USER_INPUT');
    expect(ok(await gql<{ deleteCoachNote: boolean }>(DELETE, { id: ids[0] }, coach.token)).deleteCoachNote).toBe(true);
    expect(ok(await gql<{ coachNotesConnection: any }>(NOTES, { m: member.personId }, coach.token)).coachNotesConnection.totalCount).toBe(4);
    expect(codeOf(await gql(DELETE, { id: ids[0] }, coach.token))).toBe('NOT_FOUND');
  });

  it('lets a coach find their members and invitees by name, and admins every account, coach and member without a coach', async () => {
    const tag = unique('Zed').replace(/\W/g, '');
    const [coach, admin, onCaseload, invited, uncoached, otherMember] = await Promise.all([
      account(['COACH'], `${tag} Coach`),
      account(['ADMIN'], unique('Directory Admin')),
      account(['MEMBER'], `${tag} Alpha`),
      account(['MEMBER'], `${tag} Bravo`),
      account(['MEMBER'], `${tag} Charlie`),
      account(['MEMBER'], unique('Not Related')),
    ]);
    ok(await gql(SETTINGS, { i: { roles: [{ title: 'Barista' }] } }, invited.token));
    ok(await gql(ASSIGN, { m: onCaseload.personId, c: coach.personId }, admin.token));
    const invitation = ok(await gql<{ inviteToCaseload: any }>(INVITE, { m: invited.personId }, coach.token)).inviteToCaseload;

    const page1 = ok(await gql<{ coachMembers: any }>(MEMBERS, { s: tag.toLowerCase() }, coach.token)).coachMembers;
    expect(page1.totalCount).toBe(2);
    expect(page1.edges.map((e: any) => e.node)).toEqual([
      { member: { id: onCaseload.personId, displayName: onCaseload.name, roles: [] }, onMyCaseload: true, invitationId: null },
      { member: { id: invited.personId, displayName: invited.name, roles: [] }, onMyCaseload: false, invitationId: invitation.id },
    ]);
    expect(ok(await gql<{ coachMembers: any }>(MEMBERS, { s: 'bravo' }, coach.token)).coachMembers.edges.map((e: any) => e.node.member.id)).toEqual([
      invited.personId,
    ]);
    expect(ok(await gql<{ coachMembers: any }>(MEMBERS, { s: otherMember.name }, coach.token)).coachMembers.totalCount).toBe(0);
    expect(codeOf(await gql(MEMBERS, {}, onCaseload.token))).toBe('FORBIDDEN');

    const all = ok(await gql<{ accountDirectory: any }>(DIRECTORY, { s: tag }, admin.token)).accountDirectory;
    expect(all.edges.map((e: any) => e.node.person.displayName)).toEqual([`${tag} Alpha`, `${tag} Bravo`, `${tag} Charlie`, `${tag} Coach`]);
    expect(all.edges[0].node).toMatchObject({ roles: ['MEMBER'], coach: { id: coach.personId }, caseloadSize: null });
    expect(all.edges[3].node).toMatchObject({ roles: ['COACH'], coach: null, caseloadSize: 1 });
    const coaches = ok(await gql<{ accountDirectory: any }>(DIRECTORY, { s: tag, role: 'COACH' }, admin.token)).accountDirectory;
    expect(coaches.edges.map((e: any) => e.node.person.id)).toEqual([coach.personId]);
    const withoutCoach = ok(await gql<{ accountDirectory: any }>(DIRECTORY, { s: tag, w: true }, admin.token)).accountDirectory;
    expect(withoutCoach.edges.map((e: any) => e.node.person.id)).toEqual([invited.personId, uncoached.personId]);
    expect(codeOf(await gql(DIRECTORY, { s: tag }, coach.token))).toBe('FORBIDDEN');
  });
});
