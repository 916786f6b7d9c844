import { beforeAll, describe, expect, it } from '@jest/globals';
import { codeOf, gql, unique } from '../support/api-client.js';
import { account, addContact, chain, OUTCOME, ok, pathTo, request, respond } from '../support/intro-helpers.js';

const PROGRESS_FIELDS = `member { id displayName } goals { work } networkSize networkGrowth30d reachToGoalWork introsRequested introsMade meetings outcomes lastActivityAt stalled`;
const ASSIGN = `mutation($m: ID!, $c: ID!, $o: Boolean) { assignCoach(memberId: $m, coachId: $c, override: $o) { ${PROGRESS_FIELDS} } }`;
const PROGRESS = `query($m: ID!) { memberProgress(memberId: $m) { ${PROGRESS_FIELDS} } }`;
const CASELOAD = `query($first: Int, $after: String) { caseload(first: $first, after: $after) { coach { id } capacity load members { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${PROGRESS_FIELDS} } } } } }`;
const NOTE = `mutation($input: AddCoachNoteInput!) { addCoachNote(input: $input) { id body visibility member { id } author { id } createdAt } }`;
const NOTES = `query($m: ID!) { coachNotes(memberId: $m) { id body visibility } }`;
const GOALS = `mutation($goals: [WorkGoalInput!]!) { setWorkGoals(goals: $goals) { work } }`;
const INVITE = `mutation($m: ID!) { inviteToCaseload(memberId: $m) { id status } }`;
const ANSWER = `mutation($input: RespondToCoachInvitationInput!) { respondToCoachInvitation(input: $input) { id status } }`;

type User = Awaited<ReturnType<typeof account>>;
/** The coach invites, the member accepts: how a member joins a caseload without an admin. */
async function enrol(member: User, coach: User): Promise<void> {
  const invitation = ok(await gql<{ inviteToCaseload: any }>(INVITE, { m: member.personId }, coach.token)).inviteToCaseload;
  expect(
    ok(await gql<{ respondToCoachInvitation: any }>(ANSWER, { input: { invitationId: invitation.id, accept: true } }, member.token)).respondToCoachInvitation
      .status,
  ).toBe('ACCEPTED');
}

describe('coaching: progress computed from the graph', () => {
  let c: Awaited<ReturnType<typeof chain>>;
  let coach: Awaited<ReturnType<typeof account>>;

  beforeAll(async () => {
    // The member knows a broker who knows a paramedic; two more contacts; one introduction to CLOSED with ADVICE.
    c = await chain('Paramedic');
    coach = await account(['COACH'], unique('Carla Coach'));
    ok(await gql(GOALS, { goals: [{ work: 'Paramedic', note: 'On the road, not in an office' }] }, c.member.token));
    await addContact(c.member, { displayName: 'Aunt Jo', context: 'FAMILY', strength: 1 });
    await addContact(c.member, { displayName: 'Neighbour Ray', context: 'NEIGHBOUR', strength: 0.4 });
    const intro = await request(c.member, await pathTo(c.member, c.work));
    await respond(c.broker, intro.id, true);
    await respond(c.target, intro.id, true);
    ok(await gql(OUTCOME, { input: { requestId: intro.id, met: true, outcome: 'ADVICE' } }, c.member.token));
  });

  it("puts a member who accepted an invitation on the coach's caseload and reports every figure from the graph", async () => {
    await enrol(c.member, coach);
    const progress = ok(await gql<{ assignCoach: any }>(ASSIGN, { m: c.member.personId, c: coach.personId }, coach.token)).assignCoach;
    expect(progress).toMatchObject({
      member: { id: c.member.personId },
      goals: [{ work: 'Paramedic' }],
      networkSize: 3,
      networkGrowth30d: 3,
      reachToGoalWork: 1,
      introsRequested: 1,
      introsMade: 1,
      meetings: 1,
      outcomes: ['ADVICE'],
      stalled: false,
    });
    expect(Date.now() - new Date(progress.lastActivityAt).getTime()).toBeLessThan(120_000);
    const caseload = ok(await gql<{ caseload: any }>(CASELOAD, {}, coach.token)).caseload;
    expect(caseload).toMatchObject({ coach: { id: coach.personId }, capacity: 25, load: 1, members: { totalCount: 1 } });
    expect(caseload.members.edges[0].node).toEqual(progress);
  });

  it('shows progress to the member, their coach and admins only', async () => {
    const [otherCoach, otherMember, admin] = await Promise.all([
      account(['COACH'], 'Other Coach'),
      account(['MEMBER'], 'Other Member'),
      account(['ADMIN'], 'Ada Admin'),
    ]);
    expect(ok(await gql<{ memberProgress: any }>(PROGRESS, { m: c.member.personId }, c.member.token)).memberProgress.networkSize).toBe(3);
    expect(ok(await gql<{ memberProgress: any }>(PROGRESS, { m: c.member.personId }, admin.token)).memberProgress.introsMade).toBe(1);
    expect(codeOf(await gql(PROGRESS, { m: c.member.personId }, otherCoach.token))).toBe('FORBIDDEN');
    expect(codeOf(await gql(PROGRESS, { m: c.member.personId }, otherMember.token))).toBe('FORBIDDEN');
    expect(codeOf(await gql(PROGRESS, { m: c.member.personId }, c.broker.token))).toBe('FORBIDDEN');
    expect(codeOf(await gql(CASELOAD, {}, c.member.token))).toBe('FORBIDDEN');
  });

  it('keeps notes private to the coach unless shared, and only about members on the caseload', async () => {
    ok(await gql(NOTE, { input: { memberId: c.member.personId, body: 'Seemed low today; follow up on the course.' } }, coach.token));
    const shared = ok(
      await gql<{ addCoachNote: any }>(
        NOTE,
        { input: { memberId: c.member.personId, body: 'Great meeting with the paramedic!', visibility: 'SHARED_WITH_MEMBER' } },
        coach.token,
      ),
    ).addCoachNote;
    expect(shared).toMatchObject({ visibility: 'SHARED_WITH_MEMBER', member: { id: c.member.personId }, author: { id: coach.personId } });
    expect(ok(await gql<{ coachNotes: any[] }>(NOTES, { m: c.member.personId }, coach.token)).coachNotes.map((n) => n.body)).toEqual([
      'Great meeting with the paramedic!',
      'Seemed low today; follow up on the course.',
    ]);
    expect(ok(await gql<{ coachNotes: any[] }>(NOTES, { m: c.member.personId }, c.member.token)).coachNotes.map((n) => n.body)).toEqual([
      'Great meeting with the paramedic!',
    ]);
    const otherCoach = await account(['COACH'], 'Nosy Coach');
    expect(codeOf(await gql(NOTES, { m: c.member.personId }, otherCoach.token))).toBe('FORBIDDEN');
    expect(codeOf(await gql(NOTES, { m: c.member.personId }, c.broker.token))).toBe('FORBIDDEN');
    expect(codeOf(await gql(NOTE, { input: { memberId: c.member.personId, body: 'not mine' } }, otherCoach.token))).toBe('FORBIDDEN');
    const long = await gql(NOTE, { input: { memberId: c.member.personId, body: 'x'.repeat(5001) } }, coach.token);
    expect(codeOf(long)).toBe('BAD_USER_INPUT');
    expect(long.errors![0].extensions!.field).toBe('input.body');
    expect(ok(await gql<{ coachNotes: any[] }>(NOTES, { m: c.member.personId }, coach.token)).coachNotes).toHaveLength(2);

    // node(id) follows the same rule.
    const notes = ok(await gql<{ coachNotes: any[] }>(NOTES, { m: c.member.personId }, coach.token)).coachNotes;
    const privateNote = notes.find((n) => n.visibility === 'PRIVATE');
    const NODE = `query($id: ID!) { node(id: $id) { id ... on CoachNote { body } } }`;
    expect(ok(await gql<{ node: any }>(NODE, { id: privateNote.id }, coach.token)).node).toMatchObject({ body: privateNote.body });
    expect(ok(await gql<{ node: any }>(NODE, { id: privateNote.id }, c.member.token)).node).toBeNull();
    expect(ok(await gql<{ node: any }>(NODE, { id: shared.id }, c.member.token)).node).toMatchObject({ body: 'Great meeting with the paramedic!' });
    expect(ok(await gql<{ node: any }>(NODE, { id: shared.id }, otherCoach.token)).node).toBeNull();
  });

  it("shows admins every coach's load against capacity, and nobody else", async () => {
    const admin = await account(['ADMIN'], 'Workload Admin');
    const loads = ok(await gql<{ coachWorkloads: any[] }>(`{ coachWorkloads { coach { id } capacity load } }`, {}, admin.token)).coachWorkloads;
    expect(loads.find((w) => w.coach.id === coach.personId)).toEqual({ coach: { id: coach.personId }, capacity: 25, load: 1 });
    expect(codeOf(await gql(`{ coachWorkloads { load } }`, {}, coach.token))).toBe('FORBIDDEN');
  });
});

describe('coaching: assignment and workload', () => {
  it("refuses non-members, non-coaches, other coaches' caseloads and members assigning", async () => {
    const [coach, otherCoach, member, volunteer] = await Promise.all([
      account(['COACH'], 'Assign Coach'),
      account(['COACH'], 'Assign Other'),
      account(['MEMBER'], 'Assign Member'),
      account(['VOLUNTEER'], 'Assign Volunteer'),
    ]);
    const volunteerAsMember = await gql(ASSIGN, { m: volunteer.personId, c: coach.personId }, coach.token);
    expect(codeOf(volunteerAsMember)).toBe('BAD_USER_INPUT');
    expect(volunteerAsMember.errors![0].extensions!.field).toBe('memberId');
    expect(codeOf(await gql(ASSIGN, { m: member.personId, c: otherCoach.personId }, coach.token))).toBe('FORBIDDEN');
    expect(codeOf(await gql(ASSIGN, { m: member.personId, c: coach.personId }, member.token))).toBe('FORBIDDEN');
    expect(codeOf(await gql(ASSIGN, { m: member.personId, c: coach.personId, o: true }, coach.token))).toBe('FORBIDDEN');
    const admin = await account(['ADMIN'], 'Assign Admin');
    const notCoach = await gql(ASSIGN, { m: member.personId, c: volunteer.personId }, admin.token);
    expect(codeOf(notCoach)).toBe('BAD_USER_INPUT');
    expect(notCoach.errors![0].extensions!.field).toBe('coachId');
    expect(ok(await gql<{ caseload: any }>(CASELOAD, {}, coach.token)).caseload.load).toBe(0);
  });

  it('refuses a 26th member with CONFLICT unless an admin overrides; the caseload pages', async () => {
    const coach = await account(['COACH'], unique('Full Coach'));
    const members = await Promise.all(Array.from({ length: 26 }, (_, i) => account(['MEMBER'], `Caseload ${i}`)));
    const admin = await account(['ADMIN'], 'Override Admin');
    for (const m of members.slice(0, 25)) ok(await gql(ASSIGN, { m: m.personId, c: coach.personId }, admin.token));
    const full = await gql(INVITE, { m: members[25].personId }, coach.token);
    expect(codeOf(full)).toBe('CONFLICT');
    expect(full.errors![0].message).toContain('capacity 25');
    expect(codeOf(await gql(ASSIGN, { m: members[25].personId, c: coach.personId }, admin.token))).toBe('CONFLICT');
    ok(await gql(ASSIGN, { m: members[25].personId, c: coach.personId, o: true }, admin.token));
    const page1 = ok(await gql<{ caseload: any }>(CASELOAD, { first: 20 }, coach.token)).caseload;
    expect(page1).toMatchObject({ capacity: 25, load: 26, members: { totalCount: 26, pageInfo: { hasNextPage: true } } });
    const page2 = ok(await gql<{ caseload: any }>(CASELOAD, { first: 20, after: page1.members.pageInfo.endCursor }, coach.token)).caseload;
    expect(page2.members.edges).toHaveLength(6);
    const ids = [...page1.members.edges, ...page2.members.edges].map((e: any) => e.node.member.id);
    expect(new Set(ids).size).toBe(26);
  }, 60_000);
});

describe('coaching: decline notes', () => {
  it("passes a decline note to the member's coach when the decliner allows it, and to nobody else", async () => {
    const c = await chain('Roofer');
    const coach = await account(['COACH'], unique('Decline Coach'));
    const admin = await account(['ADMIN'], unique('Decline Admin'));
    ok(await gql(ASSIGN, { m: c.member.personId, c: coach.personId }, admin.token));
    const intro = await request(c.member, await pathTo(c.member, c.work));
    await respond(c.broker, intro.id, false, { note: 'They should build experience first', shareNoteWithCoach: true });
    const Q = `query($m: ID!) { memberProgress(memberId: $m) { sharedDeclineNotes introsRequested } }`;
    expect(ok(await gql<{ memberProgress: any }>(Q, { m: c.member.personId }, coach.token)).memberProgress).toEqual({
      sharedDeclineNotes: ['They should build experience first'],
      introsRequested: 1,
    });
    expect(ok(await gql<{ memberProgress: any }>(Q, { m: c.member.personId }, c.member.token)).memberProgress.sharedDeclineNotes).toBeNull();
    expect(ok(await gql<{ memberProgress: any }>(Q, { m: c.member.personId }, admin.token)).memberProgress.sharedDeclineNotes).toBeNull();
  });
});
