import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { toGlobalId } from '#libs/common';
import { gql, unique, type GqlResponse } from '../support/api-client.js';
import { closeProbe, nodeIdOf } from '../support/graph-probe.js';
import { finished, importFile, linkedInExport } from '../support/import-helpers.js';
import { account, addContact, chain, ok, pathTo, request, respond } from '../support/intro-helpers.js';

afterAll(closeProbe);

/**
 * Authorization sweep over every Query and Mutation field: each is called with no token, a token of
 * each role (accounts unrelated to the owner), an unrelated member who shares a contact with the owner,
 * the owner's broker and coach, and the owner. Reads must show the owner's data only to those the
 * rules allow; writes to the owner's things must be refused (and leave them as they were) for
 * everyone else, and must succeed for those allowed, so the sweep fails in both directions.
 */

type Caller = 'none' | 'member' | 'volunteer' | 'coach' | 'admin' | 'stranger' | 'target' | 'broker' | 'ownCoach' | 'owner';
/** The owner runs last, so a write they are allowed does not change what the others are tried against. */
const CALLERS: Caller[] = ['none', 'member', 'volunteer', 'coach', 'admin', 'stranger', 'target', 'broker', 'ownCoach', 'owner'];
const ACCOUNTS = CALLERS.filter((c) => c !== 'none');
const FRESH_WORK = ['Electrician', 'Plumber', 'Primary school teacher', 'Carpenter', 'Chef', 'Accountant', 'Hairdresser'];
const DENIED = new Set(['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED']);

/** Where the subscriptions' authorization is tested (graphql-ws needs its own client). */
const SUBSCRIPTIONS_COVERED_ELSEWHERE: Record<string, string> = {
  introductionUpdated: 'test/e2e/introductions-live.e2e.spec.ts',
  importProgress: 'test/e2e/introductions-live.e2e.spec.ts',
};

type User = Awaited<ReturnType<typeof account>>;
type Data = Record<string, any>;

interface Case<P = any> {
  field: string;
  name: string;
  op: 'query' | 'mutation';
  /** Fresh resources of the owner's for this case (writes that succeed would otherwise spoil later cases). */
  prepare?: () => Promise<P>;
  run: (caller: Caller, p: P) => Promise<GqlResponse>;
  /** Reads: does the answer show the owner's data? */
  sees?: (data: Data, caller: Caller, p: P) => boolean;
  /** Writes allowed to outsiders (on their own things): does the answer expose the owner's data? */
  leaks?: (data: Data, caller: Caller, p: P) => boolean;
  /** Who gets 'ok' (sees the owner's data, or whose write succeeds); everyone else must be refused. */
  ok: Caller[];
  /** Codes that also count as a refusal here (e.g. a path handle issued to another account is bad input). */
  deniedAlso?: string[];
  callers?: Caller[];
  /** The owner's state, read back as the owner: must not change after a call by anyone outside mayChange. */
  readback?: (p: P) => Promise<unknown>;
  mayChange?: Caller[];
}

const schema = (
  await gql<{
    __schema: {
      queryType: { fields: { name: string }[] };
      mutationType: { fields: { name: string }[] };
      subscriptionType: { fields: { name: string }[] } | null;
    };
  }>(`{ __schema { queryType { fields { name } } mutationType { fields { name } } subscriptionType { fields { name } } } }`)
).data!.__schema;
const inSchema = new Set([...schema.queryType.fields, ...schema.mutationType.fields].map((f) => f.name));

describe('authorization sweep: every query and mutation, every kind of caller', () => {
  const u = {} as Record<Exclude<Caller, 'none'>, User>;
  const run = unique('sweep');
  const T = (c: Caller) => (c === 'none' ? undefined : u[c].token);
  const P = (c: Caller) => (c === 'none' ? undefined : u[c].personId);
  const asOwner = <R = Data>(query: string, variables: Record<string, unknown> = {}) => gql<R>(query, variables, u.owner.token);
  const secret = {
    friendName: `Owner Secret Friend ${run}`,
    friendHow: `owner-howwemet-${run}`,
    sharedLabel: `Owner label for shared ${run}`,
    sharedHow: `owner-shared-howwemet-${run}`,
    sharedRole: `Ownerrecorded Rolename ${run}`,
    goalNote: `owner-goal-note-${run}`,
    privateNote: `private coach note ${run}`,
    sharedNote: `shared coach note ${run}`,
  };
  const ids = {} as {
    friend: string;
    shared: string;
    sharedEmail: string;
    request: string;
    job: string;
    privateNote: string;
    sharedNote: string;
    event: string;
    work: string;
    invitation: string;
  };

  /** The owner's edge to one person, as the owner sees it (null when gone). */
  const ownerEdge = async (personId: string) => {
    const res = ok(
      await asOwner<{ network: any }>(
        `{ network(first: 100) { totalCount edges { node { person { id displayName roles { title } } context strength howWeMet lastContactAt } } } }`,
      ),
    );
    return res.network.edges.find((e: any) => e.node.person.id === personId)?.node ?? null;
  };
  const ownerNetworkSize = async () => ok(await asOwner<{ network: any }>(`{ network(first: 1) { totalCount } }`)).network.totalCount;
  const ownerIntro = async (id: string) =>
    ok(
      await asOwner<{ introductionRequest: any }>(`query($id: ID!) { introductionRequest(id: $id) { status outcome currentStep history { status } } }`, { id }),
    ).introductionRequest;
  const coachCaseload = async () =>
    ok(await gql<{ caseload: any }>(`{ caseload(first: 100) { members { edges { node { member { id } } } } } }`, {}, u.ownCoach.token))
      .caseload.members.edges.map((e: any) => e.node.member.id)
      .sort();
  const ownerNoteBodies = async () =>
    ok(
      await gql<{ coachNotes: any[] }>(
        `query($m: ID!) { coachNotes(memberId: $m, first: 100) { body visibility } }`,
        { m: u.owner.personId },
        u.ownCoach.token,
      ),
    ).coachNotes;
  const ownerAttendance = async () =>
    ok(await asOwner<{ node: any }>(`query($id: ID!) { node(id: $id) { ... on Event { myAttendance { listed shownAs } } } }`, { id: ids.event })).node
      .myAttendance;
  const ownerNoteCount = async () =>
    ok(await gql<{ coachNotes: any[] }>(`query($m: ID!) { coachNotes(memberId: $m, first: 100) { id } }`, { m: u.owner.personId }, u.ownCoach.token)).coachNotes
      .length;

  let freshCount = 0;
  /** A new target reachable only through the owner's broker, and the owner's path to them. */
  const freshPath = async () => {
    // A different occupation each time: the best path must lead to this new target, not an earlier one.
    const work = FRESH_WORK[freshCount++ % FRESH_WORK.length];
    const target = await account(['MEMBER'], unique('Sweep Target'));
    await addContact(u.broker, {
      displayName: target.name,
      email: target.email,
      context: 'COLLEAGUE',
      strength: 0.8,
      roles: [{ title: work, organisation: `Sweep Works ${run}` }],
    });
    return { target, pathId: await pathTo(u.owner, work) };
  };
  const freshRequest = async () => {
    const { target, pathId } = await freshPath();
    const intro = await request(u.owner, pathId, 'Sweep: I would value 20 minutes of advice.');
    return { target, requestId: intro.id as string };
  };
  const freshContact = async (label: string) =>
    addContact(u.owner, {
      displayName: `${label} ${run}`,
      email: `${unique(label.toLowerCase().replace(/\W/g, ''))}@example.org`,
      context: 'FRIEND',
      strength: 0.6,
      howWeMet: `owner-${label}-${run}`,
    });

  beforeAll(async () => {
    const { member: owner, broker, target, work } = await chain('HCPC paramedic');
    Object.assign(u, { owner, broker, target });
    const roles: [Exclude<Caller, 'none' | 'owner' | 'broker' | 'target'>, Parameters<typeof account>[0]][] = [
      ['member', ['MEMBER']],
      ['volunteer', ['VOLUNTEER']],
      ['coach', ['COACH']],
      ['admin', ['ADMIN']],
      ['stranger', ['MEMBER']],
      ['ownCoach', ['COACH']],
    ];
    const made = await Promise.all(roles.map(([c, r]) => account(r, unique(`Sweep ${c}`))));
    roles.forEach(([c], i) => (u[c] = made[i]));
    ids.work = work;

    ids.friend = await addContact(owner, {
      displayName: secret.friendName,
      email: `${unique('friend')}@example.org`,
      context: 'FRIEND',
      strength: 0.8,
      howWeMet: secret.friendHow,
      roles: [{ title: 'Youth worker', organisation: 'Owner Youth Trust' }],
    });
    ids.sharedEmail = `${unique('shared')}@example.org`;
    ids.shared = await addContact(owner, {
      displayName: secret.sharedLabel,
      email: ids.sharedEmail,
      context: 'EX_COLLEAGUE',
      strength: 0.7,
      howWeMet: secret.sharedHow,
      roles: [{ title: secret.sharedRole }],
    });
    const strangersView = await addContact(u.stranger, {
      displayName: `Stranger label ${run}`,
      email: ids.sharedEmail,
      context: 'NEIGHBOUR',
      strength: 0.2,
      howWeMet: 'next door',
    });
    expect(await nodeIdOf(strangersView)).toBe(await nodeIdOf(ids.shared));
    ok(
      await asOwner(`mutation($g: [WorkGoalInput!]!) { setWorkGoals(goals: $g) { id } }`, {
        g: [{ work: 'Paramedic', location: 'Leeds', note: secret.goalNote }],
      }),
    );
    // The owner joins their coach's caseload by accepting the coach's invitation.
    ids.invitation = ok(
      await gql<{ inviteToCaseload: { id: string } }>(`mutation($m: ID!) { inviteToCaseload(memberId: $m) { id } }`, { m: owner.personId }, u.ownCoach.token),
    ).inviteToCaseload.id;
    ok(
      await asOwner(`mutation($i: RespondToCoachInvitationInput!) { respondToCoachInvitation(input: $i) { status } }`, {
        i: { invitationId: ids.invitation, accept: true },
      }),
    );
    const note = async (body: string, visibility: string) =>
      ok(
        await gql<{ addCoachNote: { id: string } }>(
          `mutation($i: AddCoachNoteInput!) { addCoachNote(input: $i) { id } }`,
          { i: { memberId: owner.personId, body, visibility } },
          u.ownCoach.token,
        ),
      ).addCoachNote.id;
    ids.privateNote = await note(secret.privateNote, 'PRIVATE');
    ids.sharedNote = await note(secret.sharedNote, 'SHARED_WITH_MEMBER');
    ids.request = (await request(owner, await pathTo(owner, work))).id;
    const job = await importFile(owner, 'LINKEDIN_CSV', linkedInExport(2, run.replace(/\W/g, '')));
    ids.job = job.id;
    expect((await finished(owner, job.id)).status).toBe('COMPLETED');
    ids.event = ok(
      await gql<{ createEvent: { id: string } }>(
        `mutation($i: CreateEventInput!) { createEvent(input: $i) { id } }`,
        { i: { title: `Sweep fair ${run}`, startsAt: new Date(Date.now() - 3_600_000).toISOString() } },
        u.volunteer.token,
      ),
    ).createEvent.id;
    ok(await asOwner(`mutation($e: ID!) { recordAttendance(eventId: $e, listed: true, shownAs: "Owner at the fair") { id } }`, { e: ids.event }));
  }, 120_000);

  const q =
    (query: string, vars: (c: Caller) => Record<string, unknown> = () => ({})) =>
    (c: Caller) =>
      gql(query, vars(c), T(c));
  const includesSecret = (value: unknown, which: string[] = Object.values(secret)) => which.some((s) => JSON.stringify(value).includes(s));
  /** What the owner typed in (a coach's export rightly holds the notes the coach wrote). */
  const ownerEntered = () => [secret.friendName, secret.friendHow, secret.sharedLabel, secret.sharedHow, secret.sharedRole, secret.goalNote];

  const cases: Case[] = [
    // ------------------------------------------------------------ queries
    {
      field: 'me',
      name: "me (each caller's own account only)",
      op: 'query',
      run: q(`{ me { id person { id displayName } goals { note } } }`),
      sees: (d, c) => d.me.person.id === P(c) && (c === 'owner' || !includesSecret(d)),
      ok: ACCOUNTS,
    },
    {
      field: 'person',
      name: "person(the owner's private contact)",
      op: 'query',
      run: q(`query($id: ID!) { person(id: $id) { id displayName roles { title } } }`, () => ({ id: ids.friend })),
      sees: (d) => d.person !== null,
      ok: ['owner'],
    },
    {
      field: 'person',
      name: 'person(a contact the owner shares with the stranger): only their own label and roles',
      op: 'query',
      run: q(`query($id: ID!) { person(id: $id) { id displayName roles { title } } }`, () => ({ id: ids.shared })),
      sees: (d) => includesSecret(d),
      ok: ['owner'],
    },
    {
      field: 'person',
      name: "person(the owner's own person)",
      op: 'query',
      run: q(`query($id: ID!) { person(id: $id) { id } }`, () => ({ id: u.owner.personId })),
      sees: (d) => d.person?.id === u.owner.personId,
      ok: ['owner'],
    },
    {
      field: 'node',
      name: "node(the owner's contact)",
      op: 'query',
      run: q(`query($id: ID!) { node(id: $id) { id ... on Person { displayName } } }`, () => ({ id: ids.friend })),
      sees: (d) => d.node !== null,
      ok: ['owner'],
    },
    {
      field: 'node',
      name: "node(the owner's introduction request)",
      op: 'query',
      run: q(`query($id: ID!) { node(id: $id) { id ... on IntroductionRequest { message } } }`, () => ({ id: ids.request })),
      sees: (d) => d.node !== null,
      ok: ['owner', 'broker'],
    },
    {
      field: 'node',
      name: "node(the coach's private note about the owner)",
      op: 'query',
      run: q(`query($id: ID!) { node(id: $id) { id ... on CoachNote { body } } }`, () => ({ id: ids.privateNote })),
      sees: (d) => d.node !== null,
      ok: ['ownCoach'],
    },
    {
      field: 'node',
      name: 'node(a note shared with the owner)',
      op: 'query',
      run: q(`query($id: ID!) { node(id: $id) { id ... on CoachNote { body } } }`, () => ({ id: ids.sharedNote })),
      sees: (d) => d.node !== null,
      ok: ['ownCoach', 'owner'],
    },
    {
      field: 'node',
      name: "node(the owner's import job)",
      op: 'query',
      run: q(`query($id: ID!) { node(id: $id) { id ... on ImportJob { status created } } }`, () => ({ id: ids.job })),
      sees: (d) => d.node !== null,
      ok: ['owner'],
    },
    {
      field: 'node',
      name: "node(the owner's Account id)",
      op: 'query',
      run: q(`query($id: ID!) { node(id: $id) { id ... on Account { brokerCapacity goals { note } } } }`, () => ({
        id: toGlobalId('Account', localId(u.owner.personId)),
      })),
      sees: (d) => d.node !== null,
      ok: ['owner'],
    },
    {
      field: 'node',
      name: 'node(an event: public to accounts)',
      op: 'query',
      run: q(`query($id: ID!) { node(id: $id) { id } }`, () => ({ id: ids.event })),
      sees: (d) => d.node?.id === ids.event,
      ok: ACCOUNTS,
    },
    {
      field: 'network',
      name: "network (the owner's contacts and how they met)",
      op: 'query',
      run: q(`{ network(first: 100) { edges { node { person { id displayName roles { title } } howWeMet } } } }`),
      sees: (d) => d.network.edges.some((e: any) => e.node.person.id === ids.friend) || includesSecret(d),
      ok: ['owner'],
    },
    {
      field: 'introPaths',
      name: "introPaths (paths through the owner's private contacts)",
      op: 'query',
      run: q(`query($i: IntroPathsInput!) { introPaths(input: $i) { paths { steps { label person { id } } } } }`, () => ({ i: { work: 'Youth worker' } })),
      sees: (d) => d.introPaths.paths.some((p: any) => p.steps.some((s: any) => s.person?.id === ids.friend || s.label.includes(secret.friendName))),
      ok: ['owner'],
    },
    {
      field: 'introductionRequest',
      name: "introductionRequest(the owner's request)",
      op: 'query',
      run: q(`query($id: ID!) { introductionRequest(id: $id) { id message } }`, () => ({ id: ids.request })),
      sees: (d) => d.introductionRequest !== null,
      ok: ['owner', 'broker'],
    },
    {
      field: 'myIntroductions',
      name: "myIntroductions (lists the owner's request)",
      op: 'query',
      run: q(`{ myIntroductions(first: 100) { edges { node { id } } } }`),
      sees: (d) => d.myIntroductions.edges.some((e: any) => e.node.id === ids.request),
      ok: ['owner', 'broker'],
    },
    {
      field: 'introductionInbox',
      name: "introductionInbox (the owner's ask waits for the broker only)",
      op: 'query',
      run: q(`{ introductionInbox(first: 100) { edges { node { id } } } }`),
      sees: (d) => d.introductionInbox.edges.some((e: any) => e.node.id === ids.request),
      ok: ['broker'],
    },
    {
      field: 'importJob',
      name: "importJob(the owner's job)",
      op: 'query',
      run: q(`query($id: ID!) { importJob(id: $id) { id created } }`, () => ({ id: ids.job })),
      sees: (d) => d.importJob !== null,
      ok: ['owner'],
    },
    {
      field: 'memberProgress',
      name: 'memberProgress(owner)',
      op: 'query',
      run: q(`query($m: ID!) { memberProgress(memberId: $m) { member { id } networkSize goals { note } } }`, () => ({ m: u.owner.personId })),
      sees: (d) => d.memberProgress.member.id === u.owner.personId,
      ok: ['owner', 'ownCoach', 'admin'],
    },
    {
      field: 'caseload',
      name: 'caseload (lists the owner for their coach only)',
      op: 'query',
      run: q(`{ caseload(first: 100) { members { edges { node { member { id } } } } } }`),
      sees: (d) => d.caseload.members.edges.some((e: any) => e.node.member.id === u.owner.personId),
      ok: ['ownCoach'],
    },
    {
      field: 'coachNotes',
      name: 'coachNotes(owner): any note',
      op: 'query',
      run: q(`query($m: ID!) { coachNotes(memberId: $m, first: 100) { body } }`, () => ({ m: u.owner.personId })),
      sees: (d) => d.coachNotes.length > 0,
      ok: ['owner', 'ownCoach'],
    },
    {
      field: 'coachNotes',
      name: 'coachNotes(owner): the private note',
      op: 'query',
      run: q(`query($m: ID!) { coachNotes(memberId: $m, first: 100) { body } }`, () => ({ m: u.owner.personId })),
      sees: (d) => d.coachNotes.some((n: any) => n.body === secret.privateNote),
      ok: ['ownCoach'],
    },
    {
      field: 'coachNotesConnection',
      name: 'coachNotesConnection(owner): any note',
      op: 'query',
      run: q(`query($m: ID!) { coachNotesConnection(memberId: $m, first: 100) { totalCount edges { node { body } } } }`, () => ({ m: u.owner.personId })),
      sees: (d) => d.coachNotesConnection.totalCount > 0 || d.coachNotesConnection.edges.length > 0,
      ok: ['owner', 'ownCoach'],
    },
    {
      field: 'coachNotesConnection',
      name: 'coachNotesConnection(owner): the private note',
      op: 'query',
      run: q(`query($m: ID!) { coachNotesConnection(memberId: $m, first: 100) { edges { node { body } } } }`, () => ({ m: u.owner.personId })),
      sees: (d) => d.coachNotesConnection.edges.some((e: any) => e.node.body === secret.privateNote),
      ok: ['ownCoach'],
    },
    {
      field: 'myCoachInvitations',
      name: 'myCoachInvitations (the invitation the owner accepted: the owner and that coach only)',
      op: 'query',
      run: q(`{ myCoachInvitations(first: 100) { edges { node { id member { id } } } } }`),
      sees: (d) => d.myCoachInvitations.edges.some((e: any) => e.node.id === ids.invitation),
      ok: ['owner', 'ownCoach'],
    },
    {
      field: 'coachMembers',
      name: 'coachMembers (lists the owner for their coach only)',
      op: 'query',
      run: q(`{ coachMembers(first: 100) { edges { node { member { id } } } } }`),
      sees: (d) => d.coachMembers.edges.some((e: any) => e.node.member.id === u.owner.personId),
      ok: ['ownCoach'],
    },
    {
      field: 'accountDirectory',
      name: 'accountDirectory (admins only)',
      op: 'query',
      run: q(`query($s: String) { accountDirectory(search: $s, first: 100) { edges { node { person { id } coach { id } } } } }`, () => ({ s: u.owner.name })),
      sees: (d) => d.accountDirectory.edges.some((e: any) => e.node.person.id === u.owner.personId),
      ok: ['admin'],
    },
    {
      field: 'node',
      name: "node(the owner's event): its attendee list, to attendees only",
      op: 'query',
      run: q(`query($id: ID!) { node(id: $id) { ... on Event { attendees(first: 100) { edges { node { personId } } } } } }`, () => ({ id: ids.event })),
      sees: (d) => (d.node?.attendees?.edges ?? []).some((e: any) => e.node.personId === u.owner.personId),
      ok: ['owner'],
    },
    {
      field: 'coachWorkloads',
      name: 'coachWorkloads (admins only)',
      op: 'query',
      run: q(`{ coachWorkloads { coach { id } load } }`),
      sees: (d) => d.coachWorkloads.some((w: any) => w.coach.id === u.ownCoach.personId),
      ok: ['admin'],
    },
    {
      field: 'events',
      name: 'events (public to accounts)',
      op: 'query',
      run: q(`{ events(first: 100) { edges { node { id } } } }`),
      sees: (d) => d.events.edges.some((e: any) => e.node.id === ids.event),
      ok: ACCOUNTS,
    },
    {
      field: 'occupations',
      name: 'occupations (reference data for accounts)',
      op: 'query',
      run: q(`{ occupations(query: "paramedic") { code } }`),
      sees: (d) => d.occupations.length > 0,
      ok: ACCOUNTS,
    },
    {
      field: 'exportMyData',
      name: "exportMyData (the owner's data in nobody else's export)",
      op: 'query',
      run: q(`{ exportMyData }`),
      sees: (d) => includesSecret(d.exportMyData, ownerEntered()),
      ok: ['owner'],
    },
    {
      field: 'auditLog',
      name: 'auditLog(about the owner, who exported above): admins only',
      op: 'query',
      run: q(`query($s: ID) { auditLog(subjectId: $s, first: 100) { edges { node { action subjectId } } } }`, () => ({ s: u.owner.personId })),
      sees: (d) => d.auditLog.edges.some((e: any) => e.node.subjectId === u.owner.personId),
      ok: ['admin'],
    },

    // ------------------------------------------------------------ mutations
    {
      field: 'addContact',
      name: "addContact(someone the owner knows): the caller's own edge, nothing of the owner's",
      op: 'mutation',
      prepare: async () => ({ email: `${unique('c3')}@example.org` }),
      run: (c, p) =>
        gql(
          `mutation($i: ContactInput!) { addContact(input: $i) { person { id displayName roles { title } } howWeMet } }`,
          { i: { displayName: `${c} label ${run}`, email: p.email, context: 'FRIEND', strength: 0.5 } },
          T(c),
        ),
      leaks: (d) => includesSecret(d),
      ok: ACCOUNTS.filter((c) => c !== 'owner'),
      callers: CALLERS.filter((c) => c !== 'owner'),
      readback: async () => [await ownerEdge(ids.shared), await ownerNetworkSize()],
    },
    {
      field: 'addContact',
      name: "addContact(the owner's shared contact, by email): nothing of the owner's",
      op: 'mutation',
      run: (c) =>
        gql(
          `mutation($i: ContactInput!) { addContact(input: $i) { person { id displayName roles { title } } howWeMet } }`,
          { i: { displayName: `${c} label2 ${run}`, email: ids.sharedEmail, context: 'FRIEND', strength: 0.5 } },
          T(c),
        ),
      leaks: (d) => includesSecret(d),
      ok: ACCOUNTS.filter((c) => c !== 'owner' && c !== 'stranger'),
      callers: CALLERS.filter((c) => c !== 'owner' && c !== 'stranger'),
      readback: async () => ownerEdge(ids.shared),
    },
    {
      field: 'updateRelationship',
      name: "updateRelationship(the owner's private contact)",
      op: 'mutation',
      run: (c) =>
        gql(
          `mutation($p: ID!, $i: RelationshipUpdateInput!) { updateRelationship(personId: $p, input: $i) { howWeMet } }`,
          { p: ids.friend, i: { strength: 0.11, howWeMet: `${c} was here` } },
          T(c),
        ),
      ok: ['owner'],
      readback: async () => ownerEdge(ids.friend),
    },
    {
      field: 'updateRelationship',
      name: "updateRelationship(the shared contact, by the owner's id): the id works for the owner only",
      op: 'mutation',
      run: (c) =>
        gql(
          `mutation($p: ID!, $i: RelationshipUpdateInput!) { updateRelationship(personId: $p, input: $i) { howWeMet } }`,
          { p: ids.shared, i: { strength: 0.12, howWeMet: `${c} edit` } },
          T(c),
        ),
      // Everyone has an edge of their own to this person by now (the two addContact cases above),
      // but a contact's id is made from the owner's own relationship, so it resolves for nobody else.
      leaks: (d, c) => c !== 'owner' && includesSecret(d),
      ok: ['owner'],
      readback: async () => ownerEdge(ids.shared),
    },
    {
      field: 'removeContact',
      name: "removeContact(the owner's contact)",
      op: 'mutation',
      prepare: async () => ({ id: await freshContact('Removable') }),
      run: (c, p) => gql(`mutation($p: ID!) { removeContact(personId: $p) }`, { p: p.id }, T(c)),
      ok: ['owner'],
      readback: async (p) => ownerEdge(p.id),
    },
    {
      field: 'mergeContacts',
      name: "mergeContacts(two of the owner's contacts)",
      op: 'mutation',
      prepare: async () => ({ keep: await freshContact('Keep'), merge: await freshContact('Merge') }),
      run: (c, p) => gql(`mutation($k: ID!, $m: ID!) { mergeContacts(keepId: $k, mergeId: $m) { person { id } } }`, { k: p.keep, m: p.merge }, T(c)),
      ok: ['owner'],
      readback: async (p) => [await ownerEdge(p.keep), await ownerEdge(p.merge)],
    },
    {
      field: 'setWorkGoals',
      name: "setWorkGoals (the caller's own goals; the owner's stay)",
      op: 'mutation',
      run: (c) => gql(`mutation($g: [WorkGoalInput!]!) { setWorkGoals(goals: $g) { work note } }`, { g: [{ work: `Youth work`, note: `${c} goal` }] }, T(c)),
      leaks: (d, c) => c !== 'owner' && includesSecret(d),
      ok: ACCOUNTS,
      readback: async () => ok(await asOwner<{ me: any }>(`{ me { goals { work note location } } }`)).me.goals,
    },
    {
      field: 'updateAccountSettings',
      name: "updateAccountSettings (the caller's own settings; the owner's stay)",
      op: 'mutation',
      run: (c) =>
        gql(
          `mutation($i: AccountSettingsInput!) { updateAccountSettings(input: $i) { brokerCapacity lendsNetwork } }`,
          { i: { brokerCapacity: 7, headline: `${c} headline` } },
          T(c),
        ),
      ok: ACCOUNTS,
      readback: async () => ok(await asOwner<{ me: any }>(`{ me { brokerCapacity lendsNetwork person { headline } } }`)).me,
    },
    {
      field: 'importContacts',
      name: "importContacts (into the caller's own network)",
      op: 'mutation',
      run: (c) =>
        gql(
          `mutation($i: ImportContactsInput!) { importContacts(input: $i) { id status } }`,
          { i: { format: 'LINKEDIN_CSV', content: linkedInExport(1, `${c}${run}`.replace(/\W/g, '')) } },
          T(c),
        ),
      ok: ACCOUNTS.filter((c) => c !== 'owner'),
      callers: CALLERS.filter((c) => c !== 'owner'),
      readback: async () => [
        await ownerNetworkSize(),
        ok(await asOwner<{ importJob: any }>(`query($id: ID!) { importJob(id: $id) { status created } }`, { id: ids.job })).importJob,
      ],
    },
    {
      field: 'createEvent',
      name: 'createEvent (coaches, volunteers and admins)',
      op: 'mutation',
      run: (c) =>
        gql(
          `mutation($i: CreateEventInput!) { createEvent(input: $i) { id } }`,
          { i: { title: `${c} event ${run}`, startsAt: new Date(Date.now() + 86_400_000).toISOString() } },
          T(c),
        ),
      ok: ['volunteer', 'coach', 'admin', 'broker', 'ownCoach'],
    },
    {
      field: 'recordAttendance',
      name: "recordAttendance (one's own attendance)",
      op: 'mutation',
      prepare: async () => ({
        event: ok(
          await gql<{ createEvent: { id: string } }>(
            `mutation($i: CreateEventInput!) { createEvent(input: $i) { id } }`,
            { i: { title: `Sweep attend ${run}`, startsAt: new Date(Date.now() - 60_000).toISOString() } },
            u.volunteer.token,
          ),
        ).createEvent.id,
      }),
      run: (c, p) => gql(`mutation($e: ID!) { recordAttendance(eventId: $e) { id } }`, { e: p.event }, T(c)),
      ok: ACCOUNTS,
    },
    {
      field: 'metAtEvent',
      name: 'metAtEvent(the owner): only someone who was there',
      op: 'mutation',
      prepare: async () => {
        const event = ok(
          await gql<{ createEvent: { id: string } }>(
            `mutation($i: CreateEventInput!) { createEvent(input: $i) { id } }`,
            { i: { title: `Sweep met ${run}`, startsAt: new Date(Date.now() - 60_000).toISOString() } },
            u.volunteer.token,
          ),
        ).createEvent.id;
        for (const who of [u.owner, u.broker])
          ok(await gql(`mutation($e: ID!) { recordAttendance(eventId: $e, listed: true) { id } }`, { e: event }, who.token));
        return { event };
      },
      run: (c, p) =>
        gql(
          `mutation($i: MetAtEventInput!) { metAtEvent(input: $i) { person { id } } }`,
          { i: { eventId: p.event, personIds: [c === 'owner' ? u.broker.personId : u.owner.personId] } },
          T(c),
        ),
      ok: ['broker', 'owner'],
      readback: async () => ownerNetworkSize(),
    },
    {
      field: 'setAttendanceListing',
      name: "setAttendanceListing(the owner's event): only one's own attendance",
      op: 'mutation',
      run: (c) =>
        gql(
          `mutation($i: AttendanceListingInput!) { setAttendanceListing(input: $i) { id } }`,
          { i: { eventId: ids.event, listed: true, shownAs: 'Owner at the fair' } },
          T(c),
        ),
      ok: ['owner'],
      readback: ownerAttendance,
    },
    {
      field: 'requestIntroduction',
      name: "requestIntroduction(the owner's path handle)",
      op: 'mutation',
      prepare: freshPath,
      run: (c, p) =>
        gql(
          `mutation($i: RequestIntroductionInput!) { requestIntroduction(input: $i) { id } }`,
          { i: { pathId: p.pathId, message: `${c}: could we talk?` } },
          T(c),
        ),
      ok: ['owner'],
      deniedAlso: ['BAD_USER_INPUT'],
      readback: async () => ok(await asOwner<{ myIntroductions: any }>(`{ myIntroductions(first: 1) { totalCount } }`)).myIntroductions.totalCount,
    },
    {
      field: 'respondToIntroduction',
      name: "respondToIntroduction(the owner's request): only the person asked",
      op: 'mutation',
      prepare: freshRequest,
      run: (c, p) =>
        gql(`mutation($i: RespondToIntroductionInput!) { respondToIntroduction(input: $i) { id } }`, { i: { requestId: p.requestId, accept: true } }, T(c)),
      ok: ['broker'],
      mayChange: ['broker'],
      readback: async (p) => ownerIntro(p.requestId),
    },
    {
      field: 'withdrawIntroduction',
      name: "withdrawIntroduction(the owner's request)",
      op: 'mutation',
      prepare: freshRequest,
      run: (c, p) => gql(`mutation($id: ID!) { withdrawIntroduction(requestId: $id) { id } }`, { id: p.requestId }, T(c)),
      ok: ['owner'],
      readback: async (p) => ownerIntro(p.requestId),
    },
    {
      field: 'recordIntroOutcome',
      name: "recordIntroOutcome(the owner's introduced request)",
      op: 'mutation',
      prepare: async () => {
        const r = await freshRequest();
        await respond(u.broker, r.requestId, true);
        expect((await respond(r.target, r.requestId, true)).status).toBe('INTRODUCED');
        return r;
      },
      run: (c, p) =>
        gql(
          `mutation($i: RecordIntroOutcomeInput!) { recordIntroOutcome(input: $i) { id } }`,
          { i: { requestId: p.requestId, met: true, outcome: 'ADVICE' } },
          T(c),
        ),
      ok: ['owner'],
      readback: async (p) => ownerIntro(p.requestId),
    },
    {
      field: 'addIntroducedContact',
      name: "addIntroducedContact(the owner's introduced request): only its two ends",
      op: 'mutation',
      prepare: async () => {
        const r = await freshRequest();
        await respond(u.broker, r.requestId, true);
        expect((await respond(r.target, r.requestId, true)).status).toBe('INTRODUCED');
        return r;
      },
      run: (c, p) =>
        gql(`mutation($i: AddIntroducedContactInput!) { addIntroducedContact(input: $i) { person { id } } }`, { i: { requestId: p.requestId } }, T(c)),
      ok: ['owner'],
      readback: async () => ownerNetworkSize(),
    },
    {
      field: 'assignCoach',
      name: "assignCoach(owner -> the owner's coach)",
      op: 'mutation',
      run: (c) =>
        gql(`mutation($m: ID!, $c: ID!) { assignCoach(memberId: $m, coachId: $c) { member { id } } }`, { m: u.owner.personId, c: u.ownCoach.personId }, T(c)),
      ok: ['ownCoach', 'admin'],
      mayChange: ['ownCoach', 'admin'],
      readback: coachCaseload,
    },
    {
      field: 'assignCoach',
      name: 'assignCoach(owner -> the caller): nobody takes over a coached member but an admin',
      op: 'mutation',
      run: (c) =>
        gql(
          `mutation($m: ID!, $c: ID!) { assignCoach(memberId: $m, coachId: $c) { member { id } } }`,
          { m: u.owner.personId, c: P(c) ?? u.coach.personId },
          T(c),
        ),
      // An admin naming themselves, who is no coach, is bad input: still a refusal.
      ok: ['ownCoach'],
      deniedAlso: ['BAD_USER_INPUT'],
      mayChange: ['ownCoach'],
      readback: coachCaseload,
    },
    {
      field: 'addCoachNote',
      name: 'addCoachNote(about the owner)',
      op: 'mutation',
      run: (c) => gql(`mutation($i: AddCoachNoteInput!) { addCoachNote(input: $i) { id } }`, { i: { memberId: u.owner.personId, body: `${c} note` } }, T(c)),
      ok: ['ownCoach'],
      mayChange: ['ownCoach'],
      readback: ownerNoteCount,
    },
    {
      field: 'inviteToCaseload',
      name: 'inviteToCaseload(the owner, who has a coach): nobody',
      op: 'mutation',
      run: (c) => gql(`mutation($m: ID!) { inviteToCaseload(memberId: $m) { id } }`, { m: u.owner.personId }, T(c)),
      // Their own coach is told the owner is already on the caseload.
      ok: [],
      deniedAlso: ['CONFLICT'],
      readback: coachCaseload,
    },
    {
      field: 'respondToCoachInvitation',
      name: "respondToCoachInvitation(the owner's invitation): the owner only",
      op: 'mutation',
      run: (c) =>
        gql(
          `mutation($i: RespondToCoachInvitationInput!) { respondToCoachInvitation(input: $i) { id status } }`,
          { i: { invitationId: ids.invitation, accept: true } },
          T(c),
        ),
      ok: ['owner'],
      readback: coachCaseload,
    },
    {
      field: 'updateCoachNote',
      name: "updateCoachNote(the coach's private note about the owner): its author only",
      op: 'mutation',
      run: (c) =>
        gql(
          `mutation($i: UpdateCoachNoteInput!) { updateCoachNote(input: $i) { id } }`,
          { i: { noteId: ids.privateNote, body: secret.privateNote, visibility: 'PRIVATE' } },
          T(c),
        ),
      ok: ['ownCoach'],
      readback: ownerNoteBodies,
    },
    {
      field: 'deleteCoachNote',
      name: 'deleteCoachNote(a note about the owner): its author only',
      op: 'mutation',
      prepare: async () => ({
        id: ok(
          await gql<{ addCoachNote: { id: string } }>(
            `mutation($i: AddCoachNoteInput!) { addCoachNote(input: $i) { id } }`,
            { i: { memberId: u.owner.personId, body: `deletable ${run}`, visibility: 'SHARED_WITH_MEMBER' } },
            u.ownCoach.token,
          ),
        ).addCoachNote.id,
      }),
      run: (c, p) => gql(`mutation($id: ID!) { deleteCoachNote(noteId: $id) }`, { id: p.id }, T(c)),
      ok: ['ownCoach'],
      mayChange: ['ownCoach'],
      readback: ownerNoteCount,
    },
    // Admins act on the person's own id (members see only ids of their own relationships).
    {
      field: 'suppressPerson',
      name: "suppressPerson(the owner's contact): admins only",
      op: 'mutation',
      prepare: async () => {
        const id = await freshContact('Suppressible');
        return { id, person: toGlobalId('Person', await nodeIdOf(id)) };
      },
      run: (c, p) => gql(`mutation($p: ID!) { suppressPerson(personId: $p) }`, { p: p.person }, T(c)),
      ok: ['admin'],
      mayChange: ['admin'],
      readback: async (p) => ownerEdge(p.id),
    },
    {
      field: 'suppressAddress',
      name: "suppressAddress(the owner's contact's email): admins only",
      op: 'mutation',
      prepare: async () => {
        const email = `${unique('objecting')}@example.org`;
        const id = await addContact(u.owner, { displayName: `Objecting ${run}`, email, context: 'FRIEND', strength: 0.6, howWeMet: `owner-objecting-${run}` });
        return { id, email };
      },
      run: (c, p) => gql(`mutation($e: String) { suppressAddress(input: { email: $e }) { peopleRemoved addressBlocked } }`, { e: p.email }, T(c)),
      ok: ['admin'],
      mayChange: ['admin'],
      readback: async (p) => ownerEdge(p.id),
    },
    {
      field: 'objectToContact',
      name: 'objectToContact(a token nobody was given): public, but refused to everyone',
      op: 'mutation',
      run: (c) => gql(`mutation($t: String!) { objectToContact(token: $t) }`, { t: `forged-${run}` }, T(c)),
      ok: [],
      deniedAlso: ['BAD_USER_INPUT'],
      readback: async () => [await ownerEdge(ids.friend), await ownerEdge(ids.shared)],
    },
    // Last: each caller deletes their own account; the owner's contacts, even one shared with a deleted stranger, stay.
    {
      field: 'deleteMyAccount',
      name: "deleteMyAccount (one's own account only)",
      op: 'mutation',
      run: (c) => gql(`mutation($c: String!) { deleteMyAccount(confirm: $c) }`, { c: 'DELETE' }, T(c)),
      ok: ACCOUNTS,
      readback: async () => [await ownerEdge(ids.friend), await ownerEdge(ids.shared)],
    },
  ];

  it('has an entry for every query and mutation field (subscriptions are tested elsewhere)', () => {
    const covered = new Set(cases.map((c) => c.field));
    expect(schema.queryType.fields.map((f) => f.name).filter((f) => !covered.has(f))).toEqual([]);
    expect(schema.mutationType.fields.map((f) => f.name).filter((f) => !covered.has(f))).toEqual([]);
    expect((schema.subscriptionType?.fields ?? []).map((f) => f.name).filter((f) => !SUBSCRIPTIONS_COVERED_ELSEWHERE[f])).toEqual([]);
  });

  it.each(cases.filter((c) => inSchema.has(c.field)).map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const p = c.prepare ? await c.prepare() : undefined;
    const got: Partial<Record<Caller, string>> = {};
    const expected: Partial<Record<Caller, string>> = {};
    const changedBy: string[] = [];
    let state = c.readback ? JSON.stringify(await c.readback(p)) : null;
    for (const caller of c.callers ?? CALLERS) {
      expected[caller] = c.ok.includes(caller) ? 'ok' : 'refused';
      const res = await c.run(caller, p);
      expect(res.status).toBeLessThan(500);
      const code = res.errors?.[0]?.extensions?.code;
      if (code) got[caller] = DENIED.has(code) || c.deniedAlso?.includes(code) ? 'refused' : `error ${code}: ${res.errors![0].message}`;
      else if (c.op === 'query') got[caller] = c.sees!(res.data as Data, caller, p) ? 'ok' : 'refused';
      else got[caller] = c.leaks?.(res.data as Data, caller, p) ? `LEAK ${JSON.stringify(res.data)}` : 'ok';
      // After the owner's own call there is nothing left to compare (and a deleted owner cannot read back).
      if (c.readback && caller !== 'owner') {
        const now = JSON.stringify(await c.readback(p));
        if (now !== state && !(c.mayChange ?? []).includes(caller)) changedBy.push(`${caller}: ${state} -> ${now}`);
        state = now;
      }
    }
    expect({ outcomes: got, ownerStateChangedBy: changedBy }).toEqual({ outcomes: expected, ownerStateChangedBy: [] });
  });
});

function localId(globalId: string): string {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}
