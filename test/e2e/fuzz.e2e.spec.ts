import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import neo4j, { type Driver } from 'neo4j-driver';
import { signDevToken } from '#libs/auth';
import { toGlobalId, type NodeType } from '#libs/common';
import { gql, unique, type GqlResponse } from '../support/api-client.js';
import { account, addContact, chain, ok, pathTo, request } from '../support/intro-helpers.js';
import { testRun } from '../support/test-env.js';

/**
 * Property-based fuzz of every mutation: generated inputs that each break at least one rule must be
 * refused with a client error code (never a 500 or INTERNAL_SERVER_ERROR), return no data, and leave
 * the fuzzing accounts' part of the graph exactly as it was.
 */

const ALLOWED = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'NOT_FOUND',
  'FORBIDDEN',
  'CONFLICT',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
]);
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
/** A new seed each run finds new cases; a failure names its seed, and FUZZ_SEED replays it. */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

type Who = 'member' | 'broker' | 'target' | 'coach' | 'otherCoach' | 'admin' | 'none' | 'forged';
type Vars = Record<string, unknown>;
interface Call {
  who: Who;
  query: string;
  /** Usually an object; deliberately not one in some structural cases. */
  variables: unknown;
}
interface Strategy {
  query: string;
  /** Calls that each break at least one rule. */
  invalid: fc.Arbitrary<Call>;
  /** Plausible calls that may be valid: only ever sent with a structural fault added. */
  plausible: fc.Arbitrary<{ who: Who; variables: Vars }>;
}

interface Ctx {
  tokens: Record<Who, string | undefined>;
  person: Record<'member' | 'broker' | 'target' | 'coach' | 'otherCoach' | 'admin', string>;
  contactsOf: Record<Who, string[]>;
  contacts: string[];
  pastEvent: string;
  futureEvent: string;
  requestId: string;
  noteId: string;
  pathId: string;
}

const ACCOUNTS: Who[] = ['member', 'broker', 'target', 'coach', 'otherCoach', 'admin'];
const ANYONE: Who[] = [...ACCOUNTS, 'none', 'forged'];
const day = 86_400_000;

// ---------------------------------------------------------------- building blocks

/** Text whose trimmed length is over `max` (no whitespace in it, some control characters and NUL). */
const tooLong = (max: number) =>
  fc.string({ unit: fc.constantFrom('a', 'Z', 'é', 'ß', '-', '\u0001', '\u0000', '\u001b', 'ø', '7'), minLength: max + 1, maxLength: max + 25 });
/** Empty or whitespace only (JavaScript's trim removes all of these). */
const blank = fc.constantFrom('', ' ', '   ', '\t', '\n\r\n', '\u00a0', '\u2003\u2009', '\ufeff ');
/** Plausible free text, sometimes with control characters, odd Unicode and NUL. */
const text = fc.oneof(
  fc.constantFrom('Sam Okoro', 'Zoë Ødegård', '李小龍', "O'Brien-Smith", 'Robert"); DROP TABLE people;--', '{{7*7}}', 'a\u0000b', 'line\nbreak', '🙂🙃'),
  fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
);
const date = (fromMs: number, toMs: number) =>
  fc.integer({ min: 0, max: Math.floor((toMs - fromMs) / 1000) }).map((s) => new Date(fromMs + s * 1000).toISOString());
const badDateString = fc.constantFrom('2024-13-45T00:00:00Z', 'yesterday', '', '0000-00-00', '2024-02-30T25:61:00Z', '1e10', 'null', '\u0000');
const outOfUnit = fc.oneof(
  fc.double({ min: 1.0001, max: 1e300, noNaN: true }),
  fc.double({ min: -1e300, max: -0.0001, noNaN: true }),
  fc.constantFrom('0.5', true, [0.5], { v: 0.5 }),
);
const badEnum = fc.constantFrom('NOPE', 'friend', '', 'FRIEND ', 'OTHER\u0000', 3, true, ['OTHER']);
const forgedId = (type: NodeType) => fc.uuid().map((u) => toGlobalId(type, u));
const garbageId = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', 'null', 'UGVyc29uOg', 'Person:1', '\u0000', '../../etc/passwd', "' OR 1=1 --", 'P'.repeat(200)),
  fc.string({ minLength: 129, maxLength: 300 }),
);
/** Ids that name nothing the caller may act on: unknown, malformed, or of another type. */
const badId = (ctx: Ctx, type: NodeType) =>
  fc.oneof(
    forgedId(type),
    garbageId,
    fc.constantFrom(...ctx.contacts, ctx.pastEvent).map((g) => retype(g, type === 'Event' ? 'CoachNote' : 'Event')),
  );
const who = (...list: Who[]) => fc.constantFrom(...list);

function retype(globalId: string, type: NodeType): string {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  return toGlobalId(type, decoded.slice(decoded.indexOf(':') + 1));
}

/** A plausible object with at least one of the violations applied on top. */
function violating(base: fc.Arbitrary<Vars>, violations: fc.Arbitrary<Vars>[]): fc.Arbitrary<Vars> {
  return fc
    .tuple(
      base,
      fc.shuffledSubarray(violations, { minLength: 1, maxLength: 3 }).chain((vs) => fc.tuple(...vs)),
    )
    .map(([b, vs]) => Object.assign({}, b, ...vs));
}
const field = (name: string, value: fc.Arbitrary<unknown>) => value.map((v) => ({ [name]: v }));

const role = fc.record(
  { title: text, organisation: fc.option(text), sector: fc.option(text), location: fc.option(text), current: fc.option(fc.boolean()) },
  { requiredKeys: ['title'] },
);
const badRoles = fc.oneof(
  fc.array(role, { minLength: 21, maxLength: 25 }),
  fc.tuple(fc.array(role, { maxLength: 3 }), fc.record({ title: fc.oneof(blank, tooLong(200)) })).map(([ok, bad]) => [...ok, bad]),
  fc.tuple(role, tooLong(200)).map(([r, long]) => [{ ...r, organisation: long }]),
  fc.constantFrom([{}], [{ title: null }], [{ title: 5 }], [{ title: 'Nurse', current: 'yes' }]),
);

/** Something no variable of any type accepts: an object with an unknown field, nested deep, or lists of lists of it. */
const nestedGarbage: fc.Arbitrary<unknown> = fc
  .letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ __fuzz: fc.jsonValue({ maxDepth: 3 }), nested: fc.option(tie('node'), { nil: undefined }) }),
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((a) => [a]),
    ),
  }))
  .node.map((v) => (Array.isArray(v) ? v : { ...(v as object), __fuzz: 1 }));

/** Faults in the request itself: a cut query, a variable of an impossible type or missing, variables that are not an object. */
function structural(query: string, plausible: Strategy['plausible']): fc.Arbitrary<Call> {
  const required = [...query.matchAll(/\$(\w+):\s*[\w[\]!]+!/g)].map((m) => m[1]);
  const declared = [...query.matchAll(/\$(\w+):/g)].map((m) => m[1]);
  const cut = query.lastIndexOf('}');
  return fc.oneof(
    fc.tuple(plausible, fc.integer({ min: 0, max: cut - 1 })).map(([p, at]) => ({ who: p.who, query: query.slice(0, at), variables: p.variables })),
    fc
      .tuple(plausible, fc.constantFrom(...declared), nestedGarbage)
      .map(([p, name, junk]) => ({ who: p.who, query, variables: { ...p.variables, [name]: junk } })),
    ...(required.length
      ? [fc.tuple(plausible, fc.constantFrom(...required)).map(([p, name]) => ({ who: p.who, query, variables: omit(p.variables, name) }))]
      : []),
    fc
      .tuple(plausible, fc.oneof(fc.string(), fc.integer(), fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1 })))
      .map(([p, vars]) => ({ who: p.who, query, variables: vars })),
  );
}

function omit(v: Vars, name: string): Vars {
  const { [name]: _gone, ...rest } = v;
  return rest;
}

// ---------------------------------------------------------------- one strategy per mutation

function strategies(ctx: Ctx): Record<string, Strategy> {
  const P = ctx.person;
  const anyPerson = fc.constantFrom(...Object.values(P), ...ctx.contacts);
  /** (caller, person id) pairs where the person is not the caller's contact. */
  const notMyContact = fc.oneof(
    fc.tuple(who(...ANYONE), fc.oneof(badId(ctx, 'Person'), anyPerson)).filter(([w, id]) => !ctx.contactsOf[w].includes(id)),
    fc.tuple(who(...ANYONE), badId(ctx, 'Person')),
  );
  const contactInput = fc.record(
    {
      displayName: text,
      email: fc.option(fc.uuid().map((u) => `fuzz-${u}@example.org`)),
      phone: fc.option(fc.constantFrom('+44 20 7946 0958', '07700 900123')),
      linkedinUrl: fc.option(fc.uuid().map((u) => `https://www.linkedin.com/in/fuzz-${u.slice(0, 8)}`)),
      roles: fc.option(fc.array(role, { maxLength: 3 })),
      context: fc.constantFrom('FRIEND', 'EX_COLLEAGUE', 'EVENT', 'OTHER'),
      strength: fc.double({ min: 0, max: 1, noNaN: true }),
      howWeMet: fc.option(text),
      lastContactAt: fc.option(date(Date.now() - 3650 * day, Date.now())),
    },
    { requiredKeys: ['displayName', 'context', 'strength'] },
  );
  const contactViolations = [
    field('displayName', fc.oneof(blank, tooLong(200), fc.constantFrom(null, 42))),
    field('strength', outOfUnit),
    field('context', badEnum),
    field(
      'email',
      fc.oneof(fc.constantFrom('not-an-email', 'a@', '@b.org', 'x@y', 'two@@example.org', 'white space@example.org', 'a\u0000b@example.org'), tooLong(254)),
    ),
    field('phone', fc.constantFrom('123', 'abc', '+44', '++44 20 7946 0958', '0'.repeat(41), '+44 20 7946 0958\u0000')),
    field('linkedinUrl', fc.constantFrom('https://example.org/in/x', 'linkedin.com/company/x', 'http://', 'ftp://linkedin.com/foo', 'javascript:alert(1)')),
    field('lastContactAt', fc.oneof(date(Date.now() + 2 * day, Date.now() + 3650 * day), badDateString)),
    field('roles', badRoles),
    field('howWeMet', tooLong(1000)),
  ];
  const relUpdate = fc.record(
    {
      context: fc.constantFrom('FRIEND', 'COLLEAGUE'),
      strength: fc.double({ min: 0, max: 1, noNaN: true }),
      howWeMet: fc.option(text),
      lastContactAt: fc.option(date(Date.now() - 365 * day, Date.now())),
    },
    { requiredKeys: [] },
  );
  const relViolations = [
    field('strength', outOfUnit),
    field('context', badEnum),
    field('howWeMet', tooLong(1000)),
    field('lastContactAt', fc.oneof(date(Date.now() + 2 * day, Date.now() + 3650 * day), badDateString)),
  ];
  const goal = fc.record({ work: text, location: fc.option(text), note: fc.option(text) }, { requiredKeys: ['work'] });
  const badGoal = fc.oneof(
    fc.record({ work: fc.oneof(blank, tooLong(200), fc.constantFrom(5, null, ['Nurse'])) }),
    fc.tuple(goal, tooLong(200)).map(([g, long]) => ({ ...g, location: long })),
    fc.tuple(goal, tooLong(2000)).map(([g, long]) => ({ ...g, note: long })),
    goal.map((g) => ({ ...g, unknownField: 'x' })),
  );
  const settings = fc.record(
    {
      lendsNetwork: fc.boolean(),
      brokerCapacity: fc.integer({ min: 0, max: 50 }),
      headline: fc.option(text),
      roles: fc.option(fc.array(role, { maxLength: 2 })),
    },
    { requiredKeys: [] },
  );
  const eventInput = fc.record(
    { title: text, theme: fc.option(text), location: fc.option(text), startsAt: date(Date.now() - 29 * day, Date.now() + 700 * day) },
    { requiredKeys: ['title', 'startsAt'] },
  );
  const eventViolations = [
    field('title', fc.oneof(blank, tooLong(200), fc.constant(null))),
    field('theme', tooLong(200)),
    field('location', tooLong(200)),
    field('startsAt', fc.oneof(date(Date.now() - 20 * 365 * day, Date.now() - 31 * day), date(Date.now() + 732 * day, Date.now() + 7000 * day), badDateString)),
  ];
  const linkedIn = `First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nFuzz,Person,https://www.linkedin.com/in/fuzz-${unique('li')},,Acme,Paramedic,01 Mar 2023`;
  const vcard = `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fuzz ${unique('vc')}\r\nEMAIL:${unique('vc')}@example.org\r\nEND:VCARD`;
  const google = `Name,E-mail 1 - Value\r\nFuzz Person,${unique('g')}@example.org`;
  const validFile = fc.constantFrom(['LINKEDIN_CSV', linkedIn], ['VCARD', vcard], ['GOOGLE_CSV', google]);
  const importInput = fc
    .tuple(validFile, fc.constantFrom('FRIEND', 'OTHER'), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([[format, content], defaultContext, defaultStrength]) => ({ format, content, defaultContext, defaultStrength }));
  const noHeader = fc.string({ maxLength: 300 }).filter((s) => !/BEGIN:VCARD|First Name|Name|E-mail/i.test(s));
  const importViolations = [
    fc
      .constantFrom(linkedIn, vcard, google)
      .chain((c) => fc.integer({ min: 0, max: c.length }).map((at) => ({ content: `${c.slice(0, at)}\u0000${c.slice(at)}` }))),
    field(
      'content',
      fc.oneof(
        blank,
        noHeader.map((s) => s.replaceAll('\u0000', '')).filter((s) => s.trim().length > 0),
      ),
    ),
    field('defaultStrength', outOfUnit),
    field('defaultContext', badEnum),
    field('format', badEnum),
  ];
  const personList = (ids: fc.Arbitrary<string>) => fc.array(ids, { minLength: 1, maxLength: 4 });

  const s: Record<string, Strategy> = {};
  const def = (name: string, query: string, invalid: fc.Arbitrary<{ who: Who; variables: unknown }>, plausible: Strategy['plausible']) => {
    s[name] = { query, invalid: invalid.map((c) => ({ ...c, query })), plausible };
  };

  def(
    'addContact',
    `mutation($input: ContactInput!) { addContact(input: $input) { person { id } } }`,
    fc.tuple(who(...ANYONE), violating(contactInput, contactViolations)).map(([w, input]) => ({ who: w, variables: { input } })),
    fc.tuple(who(...ACCOUNTS), contactInput).map(([w, input]) => ({ who: w, variables: { input } })),
  );

  def(
    'updateRelationship',
    `mutation($personId: ID!, $input: RelationshipUpdateInput!) { updateRelationship(personId: $personId, input: $input) { strength } }`,
    fc.oneof(
      fc
        .tuple(who(...ANYONE), fc.constantFrom(...ctx.contacts, P.broker), violating(relUpdate, relViolations))
        .map(([w, personId, input]) => ({ who: w, variables: { personId, input } })),
      fc.tuple(notMyContact, relUpdate).map(([[w, personId], input]) => ({ who: w, variables: { personId, input } })),
    ),
    fc.tuple(fc.constantFrom(...ctx.contacts), relUpdate).map(([personId, input]) => ({ who: 'member', variables: { personId, input } })),
  );

  def(
    'removeContact',
    `mutation($personId: ID!) { removeContact(personId: $personId) }`,
    notMyContact.map(([w, personId]) => ({ who: w, variables: { personId } })),
    fc.constantFrom(...ctx.contacts).map((personId) => ({ who: 'member', variables: { personId } })),
  );

  def(
    'mergeContacts',
    `mutation($keepId: ID!, $mergeId: ID!) { mergeContacts(keepId: $keepId, mergeId: $mergeId) { person { id } } }`,
    fc.oneof(
      fc.tuple(who(...ANYONE), fc.oneof(anyPerson, badId(ctx, 'Person'))).map(([w, id]) => ({ who: w, variables: { keepId: id, mergeId: id } })),
      fc
        .tuple(notMyContact, fc.oneof(anyPerson, badId(ctx, 'Person')), fc.boolean())
        .map(([[w, bad], other, first]) => ({ who: w, variables: first ? { keepId: bad, mergeId: other } : { keepId: other, mergeId: bad } })),
    ),
    fc
      .tuple(fc.constantFrom(...ctx.contacts), fc.constantFrom(...ctx.contacts))
      .map(([keepId, mergeId]) => ({ who: 'member', variables: { keepId, mergeId } })),
  );

  def(
    'setWorkGoals',
    `mutation($goals: [WorkGoalInput!]!) { setWorkGoals(goals: $goals) { id } }`,
    fc
      .tuple(
        who(...ANYONE),
        fc.oneof(
          fc.tuple(fc.array(goal, { maxLength: 4 }), badGoal, fc.nat()).map(([goals, bad, at]) => {
            const g: unknown[] = [...goals];
            g.splice(at % (goals.length + 1), 0, bad);
            return g;
          }),
          fc.array(goal, { minLength: 11, maxLength: 14 }),
        ),
      )
      .map(([w, goals]) => ({ who: w, variables: { goals } })),
    fc.tuple(who(...ACCOUNTS), fc.array(goal, { maxLength: 3 })).map(([w, goals]) => ({ who: w, variables: { goals } })),
  );

  def(
    'updateAccountSettings',
    `mutation($input: AccountSettingsInput!) { updateAccountSettings(input: $input) { brokerCapacity } }`,
    fc
      .tuple(
        who(...ANYONE),
        violating(settings, [
          field(
            'brokerCapacity',
            fc.oneof(fc.integer({ min: -1_000_000, max: -1 }), fc.integer({ min: 51, max: 2 ** 31 - 1 }), fc.constantFrom(1.5, '3', 2 ** 31, 1e20, 'NaN')),
          ),
          field('headline', tooLong(200)),
          field('roles', badRoles),
          field('lendsNetwork', fc.constantFrom('yes', 1, 'true', [true])),
        ]),
      )
      .map(([w, input]) => ({ who: w, variables: { input } })),
    fc.tuple(who(...ACCOUNTS), settings).map(([w, input]) => ({ who: w, variables: { input } })),
  );

  def(
    'createEvent',
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
    fc.oneof(
      fc.tuple(who(...ANYONE), violating(eventInput, eventViolations)).map(([w, input]) => ({ who: w, variables: { input } })),
      fc.tuple(who('member', 'target', 'none', 'forged'), eventInput).map(([w, input]) => ({ who: w, variables: { input } })),
    ),
    fc.tuple(who('broker', 'coach', 'admin'), eventInput).map(([w, input]) => ({ who: w, variables: { input } })),
  );

  def(
    'recordAttendance',
    `mutation($eventId: ID!) { recordAttendance(eventId: $eventId) { id } }`,
    fc.tuple(who(...ANYONE), fc.oneof(badId(ctx, 'Event'), fc.constant(ctx.futureEvent))).map(([w, eventId]) => ({ who: w, variables: { eventId } })),
    fc.tuple(who(...ACCOUNTS), fc.constantFrom(ctx.pastEvent, ctx.futureEvent)).map(([w, eventId]) => ({ who: w, variables: { eventId } })),
  );

  const metBase = fc.record({
    eventId: fc.constant(ctx.pastEvent),
    personIds: personList(fc.constantFrom(P.member, P.broker)),
    strength: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  def(
    'metAtEvent',
    `mutation($input: MetAtEventInput!) { metAtEvent(input: $input) { person { id } } }`,
    who(...ANYONE).chain((w) =>
      violating(metBase, [
        field('eventId', badId(ctx, 'Event')),
        field('strength', outOfUnit),
        field(
          'personIds',
          fc.oneof(
            fc.constant([]),
            fc.array(forgedId('Person'), { minLength: 101, maxLength: 110 }),
            fc
              .tuple(
                personList(fc.constantFrom(P.member, P.broker)),
                fc.oneof(badId(ctx, 'Person'), fc.constantFrom(P.target, P.coach, P.admin, ...ctx.contacts)),
              )
              .map(([ids, bad]) => [...ids, bad]),
            ...(w in P ? [personList(fc.constantFrom(P.member, P.broker)).map((ids) => [...ids, P[w as keyof Ctx['person']]])] : []),
          ),
        ),
      ]).map((input) => ({ who: w, variables: { input } })),
    ),
    fc.tuple(who('member', 'broker'), metBase).map(([w, input]) => ({ who: w, variables: { input } })),
  );

  def(
    'importContacts',
    `mutation($input: ImportContactsInput!) { importContacts(input: $input) { id } }`,
    fc.tuple(who(...ANYONE), violating(importInput, importViolations)).map(([w, input]) => ({ who: w, variables: { input } })),
    fc.tuple(who(...ACCOUNTS), importInput).map(([w, input]) => ({ who: w, variables: { input } })),
  );

  const requestBase = fc.record(
    { pathId: fc.constant(ctx.pathId), message: text, clientMutationId: fc.option(fc.uuid()) },
    { requiredKeys: ['pathId', 'message'] },
  );
  def(
    'requestIntroduction',
    `mutation($input: RequestIntroductionInput!) { requestIntroduction(input: $input) { id } }`,
    fc.oneof(
      fc
        .tuple(
          who(...ANYONE),
          violating(requestBase, [
            field(
              'pathId',
              fc.oneof(
                garbageId.filter((g) => g.length > 0),
                fc.uint8Array({ minLength: 29, maxLength: 200 }).map((b) => `p1.${Buffer.from(b).toString('base64url')}`),
                fc.constant(`${ctx.pathId}x`),
              ),
            ),
            field('message', fc.oneof(blank, tooLong(2000), fc.constant(null))),
            field('clientMutationId', fc.oneof(fc.constant(''), tooLong(100))),
          ]),
        )
        .map(([w, input]) => ({ who: w, variables: { input } })),
      fc.tuple(who('broker', 'target', 'coach', 'otherCoach', 'admin', 'none', 'forged'), requestBase).map(([w, input]) => ({ who: w, variables: { input } })),
    ),
    fc.tuple(who('member'), requestBase).map(([w, input]) => ({ who: w, variables: { input } })),
  );

  const respondBase = fc.record({ requestId: fc.constant(ctx.requestId), accept: fc.boolean(), note: fc.option(text), shareNoteWithCoach: fc.boolean() });
  def(
    'respondToIntroduction',
    `mutation($input: RespondToIntroductionInput!) { respondToIntroduction(input: $input) { id } }`,
    fc.oneof(
      fc
        .tuple(who(...ANYONE), respondBase, badId(ctx, 'IntroductionRequest'))
        .map(([w, input, requestId]) => ({ who: w, variables: { input: { ...input, requestId } } })),
      fc.tuple(who('member', 'target', 'coach', 'otherCoach', 'admin', 'none', 'forged'), respondBase).map(([w, input]) => ({ who: w, variables: { input } })),
      fc
        .tuple(
          who(...ANYONE),
          violating(respondBase, [
            field('note', tooLong(1000)),
            field('accept', fc.constantFrom('yes', 1, null, 'true')),
            field('shareNoteWithCoach', fc.constantFrom('no', 0, [false])),
            field('onBehalfOfPersonId', fc.oneof(badId(ctx, 'Person'), fc.constantFrom(P.member, P.target, ...ctx.contacts))),
          ]),
        )
        .map(([w, input]) => ({ who: w, variables: { input } })),
    ),
    fc.tuple(who('broker'), respondBase).map(([w, input]) => ({ who: w, variables: { input } })),
  );

  def(
    'withdrawIntroduction',
    `mutation($requestId: ID!) { withdrawIntroduction(requestId: $requestId) { id } }`,
    fc
      .oneof(
        fc.tuple(who(...ANYONE), badId(ctx, 'IntroductionRequest')),
        fc.tuple(who('broker', 'target', 'coach', 'otherCoach', 'admin', 'none', 'forged'), fc.constant(ctx.requestId)),
      )
      .map(([w, requestId]) => ({ who: w, variables: { requestId } })),
    fc.constant({ who: 'member', variables: { requestId: ctx.requestId } }),
  );

  // The request is still being asked, so even its requester cannot record an outcome (CONFLICT).
  const outcomeBase = fc.record({
    requestId: fc.constant(ctx.requestId),
    met: fc.boolean(),
    outcome: fc.option(fc.constantFrom('ADVICE', 'NONE', 'JOB_OFFER')),
    note: fc.option(text),
  });
  def(
    'recordIntroOutcome',
    `mutation($input: RecordIntroOutcomeInput!) { recordIntroOutcome(input: $input) { id } }`,
    fc
      .oneof(
        fc.tuple(who(...ANYONE), outcomeBase),
        fc.tuple(
          who(...ANYONE),
          violating(outcomeBase, [
            field('requestId', badId(ctx, 'IntroductionRequest')),
            field('note', tooLong(1000)),
            field('outcome', badEnum),
            field('met', fc.constantFrom('no', null, 0)),
          ]),
        ),
      )
      .map(([w, input]) => ({ who: w, variables: { input } })),
    fc.tuple(who('member'), outcomeBase).map(([w, input]) => ({ who: w, variables: { input } })),
  );

  const notMember = fc.oneof(badId(ctx, 'Person'), fc.constantFrom(P.coach, P.otherCoach, P.admin, P.broker, ...ctx.contacts));
  const notCoach = fc.oneof(badId(ctx, 'Person'), fc.constantFrom(P.member, P.target, P.broker, P.admin, ...ctx.contacts));
  const someone = fc.oneof(fc.constantFrom(...Object.values(P)), badId(ctx, 'Person'));
  const override = fc.option(fc.boolean(), { nil: undefined });
  def(
    'assignCoach',
    `mutation($memberId: ID!, $coachId: ID!, $override: Boolean) { assignCoach(memberId: $memberId, coachId: $coachId, override: $override) { stalled } }`,
    fc
      .oneof(
        fc.tuple(who('member', 'broker', 'target', 'none', 'forged'), someone, someone, override),
        fc.tuple(who('coach', 'otherCoach', 'admin'), notMember, someone, override),
        fc.tuple(who('coach', 'otherCoach', 'admin'), fc.constantFrom(P.member, P.target), notCoach, override),
        fc.constant(['coach', P.member, P.coach, true] as const),
        fc.tuple(who('otherCoach'), fc.constant(P.member), fc.constant(P.otherCoach), fc.constantFrom(false, undefined)),
        fc.tuple(who('coach'), fc.constantFrom(P.member, P.target), fc.constantFrom(P.otherCoach), override),
      )
      .map(([w, memberId, coachId, ov]) => ({ who: w, variables: { memberId, coachId, ...(ov === undefined ? {} : { override: ov }) } })),
    fc
      .tuple(who('coach', 'admin'), fc.constantFrom(P.member), fc.constantFrom(P.coach))
      .map(([w, memberId, coachId]) => ({ who: w, variables: { memberId, coachId } })),
  );

  const noteBase = fc.record({ memberId: fc.constant(P.member), body: text, visibility: fc.constantFrom('PRIVATE', 'SHARED_WITH_MEMBER') });
  def(
    'addCoachNote',
    `mutation($input: AddCoachNoteInput!) { addCoachNote(input: $input) { id } }`,
    fc
      .oneof(
        fc.tuple(who('member', 'broker', 'target', 'admin', 'otherCoach', 'none', 'forged'), noteBase),
        fc.tuple(
          who(...ANYONE),
          violating(noteBase, [
            field('body', fc.oneof(blank, tooLong(5000), fc.constant(null))),
            field('visibility', badEnum),
            field('memberId', fc.oneof(badId(ctx, 'Person'), fc.constantFrom(P.target, P.broker, P.admin, P.coach, ...ctx.contacts))),
          ]),
        ),
      )
      .map(([w, input]) => ({ who: w, variables: { input } })),
    fc.tuple(who('coach'), noteBase).map(([w, input]) => ({ who: w, variables: { input } })),
  );

  def(
    'setAttendanceListing',
    `mutation($input: AttendanceListingInput!) { setAttendanceListing(input: $input) { id } }`,
    fc.oneof(
      fc
        .tuple(who(...ANYONE), fc.oneof(badId(ctx, 'Event'), fc.constant(ctx.futureEvent)), fc.boolean())
        .map(([w, eventId, listed]) => ({ who: w, variables: { input: { eventId, listed } } })),
      fc
        .tuple(who('target', 'coach', 'otherCoach', 'admin', 'none', 'forged'), fc.boolean())
        .map(([w, listed]) => ({ who: w, variables: { input: { eventId: ctx.pastEvent, listed } } })),
      fc
        .tuple(
          who('member', 'broker'),
          fc.oneof(fc.record({ listed: fc.boolean(), shownAs: tooLong(60) }), fc.record({ listed: fc.constantFrom('yes', 1, null, [true]) })),
        )
        .map(([w, rest]) => ({ who: w, variables: { input: { eventId: ctx.pastEvent, ...rest } } })),
    ),
    fc
      .tuple(who('member', 'broker'), fc.boolean(), fc.option(text, { nil: undefined }))
      .map(([w, listed, shownAs]) => ({ who: w, variables: { input: { eventId: ctx.pastEvent, listed, ...(shownAs === undefined ? {} : { shownAs }) } } })),
  );

  def(
    'inviteToCaseload',
    `mutation($memberId: ID!) { inviteToCaseload(memberId: $memberId) { id } }`,
    fc
      .oneof(
        fc.tuple(who('member', 'broker', 'target', 'admin', 'none', 'forged'), someone),
        fc.tuple(who('coach', 'otherCoach'), notMember),
        // Already the coach's member (CONFLICT), or another coach's (FORBIDDEN).
        fc.tuple(who('coach', 'otherCoach'), fc.constant(P.member)),
      )
      .map(([w, memberId]) => ({ who: w, variables: { memberId } })),
    fc.constant({ who: 'coach', variables: { memberId: P.target } }),
  );

  def(
    'respondToCoachInvitation',
    `mutation($input: RespondToCoachInvitationInput!) { respondToCoachInvitation(input: $input) { id } }`,
    fc.oneof(
      fc
        .tuple(who(...ANYONE), badId(ctx, 'CoachInvitation'), fc.boolean())
        .map(([w, invitationId, accept]) => ({ who: w, variables: { input: { invitationId, accept } } })),
      fc
        .tuple(who(...ANYONE), forgedId('CoachInvitation'), fc.constantFrom('yes', 1, null, [true]))
        .map(([w, invitationId, accept]) => ({ who: w, variables: { input: { invitationId, accept } } })),
    ),
    fc
      .tuple(who('member', 'target'), forgedId('CoachInvitation'), fc.boolean())
      .map(([w, invitationId, accept]) => ({ who: w, variables: { input: { invitationId, accept } } })),
  );

  const noteEdit = fc.record({
    noteId: fc.constant(ctx.noteId),
    body: fc.option(text, { nil: undefined }),
    visibility: fc.option(fc.constantFrom('PRIVATE', 'SHARED_WITH_MEMBER'), { nil: undefined }),
  });
  def(
    'updateCoachNote',
    `mutation($input: UpdateCoachNoteInput!) { updateCoachNote(input: $input) { id } }`,
    fc
      .oneof(
        fc.tuple(who('member', 'broker', 'target', 'admin', 'otherCoach', 'none', 'forged'), noteEdit),
        fc.tuple(
          who(...ANYONE),
          violating(noteEdit, [field('noteId', badId(ctx, 'CoachNote')), field('body', fc.oneof(blank, tooLong(5000))), field('visibility', badEnum)]),
        ),
        fc.tuple(who('coach'), fc.constant({ noteId: ctx.noteId })),
      )
      .map(([w, input]) => ({ who: w, variables: { input } })),
    fc.tuple(who('coach'), noteEdit).map(([w, input]) => ({ who: w, variables: { input } })),
  );

  def(
    'deleteCoachNote',
    `mutation($noteId: ID!) { deleteCoachNote(noteId: $noteId) }`,
    fc
      .oneof(
        fc.tuple(who('member', 'broker', 'target', 'admin', 'otherCoach', 'none', 'forged'), fc.constant(ctx.noteId)),
        fc.tuple(who(...ANYONE), badId(ctx, 'CoachNote')),
      )
      .map(([w, noteId]) => ({ who: w, variables: { noteId } })),
    fc.constant({ who: 'coach', variables: { noteId: ctx.noteId } }),
  );

  // Being added on main; they are picked up once they are in the schema.
  def(
    'deleteMyAccount',
    `mutation($confirm: String!) { deleteMyAccount(confirm: $confirm) }`,
    fc
      .tuple(
        who(...ANYONE),
        fc.oneof(
          fc.constantFrom('delete', 'Delete', ' DELETE', 'DELETE ', 'DELETE\u0000', 'DELET', 'DELETE!', '', 'ＤＥＬＥＴＥ', 'yes'),
          fc.string({ maxLength: 20 }).filter((c) => c !== 'DELETE'),
        ),
      )
      .map(([w, confirm]) => ({ who: w, variables: { confirm } })),
    fc.tuple(who(...ACCOUNTS), fc.constant('DELETE')).map(([w, confirm]) => ({ who: w, variables: { confirm } })),
  );

  def(
    'suppressPerson',
    `mutation($personId: ID!) { suppressPerson(personId: $personId) }`,
    fc
      .oneof(fc.tuple(who('member', 'broker', 'target', 'coach', 'otherCoach', 'none', 'forged'), someone), fc.tuple(who('admin'), badId(ctx, 'Person')))
      .map(([w, personId]) => ({ who: w, variables: { personId } })),
    fc.tuple(who('admin'), fc.constantFrom(...ctx.contacts)).map(([w, personId]) => ({ who: w, variables: { personId } })),
  );

  // The request is still being asked, so even its requester cannot add the target yet (a client error, no change).
  const introducedBase = fc.record({
    requestId: fc.constant(ctx.requestId),
    context: fc.constantFrom('PROFESSIONAL', 'FRIEND'),
    strength: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  def(
    'addIntroducedContact',
    `mutation($input: AddIntroducedContactInput!) { addIntroducedContact(input: $input) { person { id } } }`,
    fc
      .oneof(
        fc.tuple(who(...ANYONE), badId(ctx, 'IntroductionRequest')).map(([w, requestId]) => ({ who: w, variables: { input: { requestId } } })),
        fc.tuple(who(...ANYONE), introducedBase),
        fc.tuple(
          who(...ANYONE),
          violating(introducedBase, [
            field('context', badEnum),
            field('strength', outOfUnit),
            field('displayName', fc.oneof(blank, tooLong(200), fc.constantFrom(42))),
          ]),
        ),
      )
      .map((c) => (Array.isArray(c) ? { who: c[0], variables: { input: c[1] } } : c)),
    fc.constant({ who: 'member', variables: { input: { requestId: ctx.requestId } } }),
  );

  const badEmail = fc.constantFrom('not an address', 'a@', '@example.org', `${'x'.repeat(300)}@example.org`, 'para\uD800medic@example.org');
  const badPhone = fc.constantFrom('12', 'call me', '+4', '0'.repeat(41));
  def(
    'suppressAddress',
    `mutation($input: SuppressAddressInput!) { suppressAddress(input: $input) { addressBlocked } }`,
    fc
      .oneof(
        fc.tuple(
          who('member', 'broker', 'target', 'coach', 'otherCoach', 'none', 'forged'),
          fc.constantFrom({ email: 'objector@example.org' }, { phone: '+44 20 7946 0999' }),
        ),
        fc.tuple(
          who('admin'),
          fc.oneof(
            fc.constantFrom({}, { email: '', phone: '' }, { email: 'both@example.org', phone: '+44 20 7946 0998' }),
            badEmail.map((email) => ({ email })),
            badPhone.map((phone) => ({ phone })),
          ),
        ),
      )
      .map(([w, input]) => ({ who: w, variables: { input } })),
    fc.constant({ who: 'admin', variables: { input: { email: 'objector@example.org' } } }),
  );

  def(
    'objectToContact',
    `mutation($token: String!) { objectToContact(token: $token) }`,
    fc
      .tuple(
        who(...ANYONE),
        fc.oneof(
          fc.string({ maxLength: 300 }),
          garbageId,
          fc.uint8Array({ minLength: 16, maxLength: 120 }).map((b) => Buffer.from(b).toString('base64url')),
        ),
      )
      .map(([w, token]) => ({ who: w, variables: { token } })),
    fc.tuple(who(...ANYONE), fc.string({ maxLength: 40 })).map(([w, token]) => ({ who: w, variables: { token } })),
  );

  return s;
}

// ---------------------------------------------------------------- the graph around the fuzzing accounts

const REFERENCING = [
  'requesterId',
  'targetId',
  'recordedBy',
  'actorId',
  'createdBy',
  'memberId',
  'coachId',
  'ownerId',
  'authorId',
  'subjectId',
  'assignedBy',
  'relayedFor',
];
// Caches a scheduled job may refresh at any time (coaching reach), and nudges it may create: not user-visible state changes.
const VOLATILE_PROPS = new Set(['reachToGoalWork', 'reachComputedAt']);

function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') {
    const ctor = value.constructor?.name;
    // Neo4j's value classes (Integer, DateTime, Point) print their value through their own toString.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    if (ctor && ctor !== 'Object') return String(value);
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !VOLATILE_PROPS.has(k))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, plain(v)]),
    );
  }
  return value;
}

/** Every node within two hops of the accounts, the relationships among them, and nodes that name the accounts or their contacts. */
async function fingerprint(driver: Driver, personIds: string[]): Promise<string[]> {
  const session = driver.session();
  try {
    const result = await session.run(
      `MATCH (p:Person) WHERE p.id IN $ids
       MATCH (p)-[*0..2]-(n)
       WITH collect(DISTINCT n) AS hood
       CALL {
         MATCH (x) WHERE any(k IN $keys WHERE x[k] IN $ids) OR (x:PendingJob AND any(id IN $ids WHERE x.data CONTAINS id))
         RETURN collect(x) AS referencing
       }
       WITH [n IN hood + referencing WHERE NOT n:Nudge] AS nodes
       UNWIND nodes AS n
       WITH collect(DISTINCT n) AS nodes
       CALL {
         WITH nodes
         UNWIND nodes AS a
         MATCH (a)-[r]->(b) WHERE b IN nodes
         RETURN collect(DISTINCT r) AS rels
       }
       RETURN [n IN nodes | {id: elementId(n), labels: labels(n), props: properties(n)}] AS nodes,
              [r IN rels | {from: elementId(startNode(r)), to: elementId(endNode(r)), type: type(r), props: properties(r)}] AS rels`,
      { ids: personIds, keys: REFERENCING },
    );
    const row = result.records[0];
    const nodes = (row.get('nodes') as Record<string, unknown>[]).map((n) => `N ${JSON.stringify(plain(n))}`);
    const rels = (row.get('rels') as Record<string, unknown>[]).map((r) => `R ${JSON.stringify(plain(r))}`);
    return [...nodes, ...rels].sort();
  } finally {
    await session.close();
  }
}

function diff(before: string[], after: string[]): { added: string[]; removed: string[] } {
  const b = new Set(before);
  const a = new Set(after);
  return { added: after.filter((x) => !b.has(x)), removed: before.filter((x) => !a.has(x)) };
}

// ---------------------------------------------------------------- the suite

describe('fuzz: every mutation refuses invalid input cleanly and changes nothing', () => {
  let driver: Driver;
  let ctx: Ctx;
  let ids: string[];
  let table: Record<string, Strategy>;
  let mutations: string[];
  const seen = new Map<string, Map<string, number>>();

  beforeAll(async () => {
    driver = neo4j.driver(testRun().neo4jUri, neo4j.auth.basic('neo4j', 'local-auth-disabled'));
    const { member, broker, target, work } = await chain('HCPC paramedic');
    const [coach, otherCoach, admin] = await Promise.all([
      account(['COACH'], unique('Fuzz Coach')),
      account(['COACH'], unique('Fuzz Other Coach')),
      account(['ADMIN'], unique('Fuzz Admin')),
    ]);
    const contacts = [
      await addContact(member, {
        displayName: unique('Fuzz Friend'),
        email: `${unique('ff')}@example.org`,
        context: 'FRIEND',
        strength: 0.7,
        howWeMet: 'School',
        roles: [{ title: 'Nurse', organisation: 'NHS' }],
      }),
      await addContact(member, {
        displayName: unique('Fuzz Neighbour'),
        phone: '+44 20 7946 0' + String(Math.floor(Math.random() * 900) + 100),
        context: 'NEIGHBOUR',
        strength: 0.4,
      }),
    ];
    ok(
      await gql(
        `mutation($g: [WorkGoalInput!]!) { setWorkGoals(goals: $g) { id } }`,
        { g: [{ work: 'Paramedic', location: 'Leeds' }, { work: 'Youth work' }] },
        member.token,
      ),
    );
    ok(await gql(`mutation($m: ID!, $c: ID!) { assignCoach(memberId: $m, coachId: $c) { stalled } }`, { m: member.personId, c: coach.personId }, admin.token));
    const noteId = ok(
      await gql<{ addCoachNote: { id: string } }>(
        `mutation($i: AddCoachNoteInput!) { addCoachNote(input: $i) { id } }`,
        { i: { memberId: member.personId, body: 'First session: wants ambulance work.', visibility: 'SHARED_WITH_MEMBER' } },
        coach.token,
      ),
    ).addCoachNote.id;
    const event = (startsAt: number) =>
      gql<{ createEvent: { id: string } }>(
        `mutation($i: CreateEventInput!) { createEvent(input: $i) { id } }`,
        { i: { title: unique('Fuzz fair'), startsAt: new Date(startsAt).toISOString() } },
        broker.token,
      );
    const pastEvent = ok(await event(Date.now() - 3_600_000)).createEvent.id;
    const futureEvent = ok(await event(Date.now() + 10 * day)).createEvent.id;
    for (const u of [member, broker]) ok(await gql(`mutation($e: ID!) { recordAttendance(eventId: $e, listed: true) { id } }`, { e: pastEvent }, u.token));
    const pathId = await pathTo(member, work);
    const intro = await request(member, pathId);
    expect(intro.status).toBe('ASKING');
    // A second path handle for the same target: still a real handle the fuzz may reuse.
    const reusablePath = await pathTo(member, work);

    const forged = await signDevToken('not-the-test-secret-0123456789-abcdefghijkl', { sub: `test-${unique('forged')}`, roles: ['ADMIN'] });
    ctx = {
      tokens: {
        member: member.token,
        broker: broker.token,
        target: target.token,
        coach: coach.token,
        otherCoach: otherCoach.token,
        admin: admin.token,
        none: undefined,
        forged,
      },
      person: {
        member: member.personId,
        broker: broker.personId,
        target: target.personId,
        coach: coach.personId,
        otherCoach: otherCoach.personId,
        admin: admin.personId,
      },
      contactsOf: { member: [broker.personId, ...contacts], broker: [target.personId], target: [], coach: [], otherCoach: [], admin: [], none: [], forged: [] },
      contacts,
      pastEvent,
      futureEvent,
      requestId: intro.id,
      pathId: reusablePath,
      noteId,
    };
    const local = (g: string) => {
      const d = Buffer.from(g, 'base64url').toString('utf8');
      return d.slice(d.indexOf(':') + 1);
    };
    ids = [...Object.values(ctx.person), ...contacts].map(local);
    table = strategies(ctx);

    const schema = ok(
      await gql<{ __schema: { mutationType: { fields: { name: string }[] } } }>(`{ __schema { mutationType { fields { name } } } }`, {}, member.token),
    );
    mutations = schema.__schema.mutationType.fields.map((f) => f.name).sort();

    // Let the setup's queued jobs leave the graph's outbox before the first fingerprint.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const session = driver.session();
      const pending = await session
        .run(`MATCH (p:PendingJob) WHERE any(id IN $ids WHERE p.data CONTAINS id) RETURN count(p) AS n`, { ids })
        .finally(() => session.close());
      if (pending.records[0].get('n').toNumber() === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 120_000);

  afterAll(async () => {
    await driver?.close();
    // Which codes each mutation's refusals came with: useful when a strategy stops reaching past the first check.
    if (process.env.FUZZ_REPORT) console.log(Object.fromEntries([...seen].map(([m, codes]) => [m, Object.fromEntries(codes)])));
  });

  it('has a fuzz strategy for every mutation in the schema', () => {
    expect(mutations.length).toBeGreaterThan(10);
    expect(mutations.filter((m) => !table[m])).toEqual([]);
  });

  it('refuses generated invalid input to every mutation with a client error, no data and no change to the graph', async () => {
    const failures: string[] = [];
    for (const name of mutations) {
      const strategy = table[name];
      if (!strategy) continue; // reported by the test above
      const codes = new Map<string, number>();
      seen.set(name, codes);
      const started = Date.now();
      const before = await fingerprint(driver, ids);
      const arbitrary = fc.oneof({ arbitrary: strategy.invalid, weight: 4 }, { arbitrary: structural(strategy.query, strategy.plausible), weight: 1 });
      const result = await fc.check(
        fc.asyncProperty(arbitrary, async (call) => {
          const res = await gql(call.query, call.variables as Vars, ctx.tokens[call.who]);
          const code = res.errors?.[0]?.extensions?.code;
          codes.set(String(code), (codes.get(String(code)) ?? 0) + 1);
          const problem = judge(name, res);
          if (problem) throw new Error(`${problem}\nresponse: ${JSON.stringify(res).slice(0, 1500)}`);
        }),
        { numRuns: RUNS, endOnFailure: true, seed: SEED },
      );
      if (result.failed) {
        failures.push(
          `${name} (FUZZ_SEED=${SEED}): ${(result.errorInstance instanceof Error ? result.errorInstance.message : JSON.stringify(result.errorInstance ?? '')).slice(0, 2500)}\ncounterexample: ${JSON.stringify(result.counterexample).slice(0, 2500)}`,
        );
      }
      const after = await fingerprint(driver, ids);
      codes.set('ms', Date.now() - started);
      const changed = diff(before, after);
      if (changed.added.length || changed.removed.length) {
        failures.push(
          `${name} changed the graph:\n  added ${changed.added.join('\n  added ').slice(0, 3000)}\n  removed ${changed.removed.join('\n  removed ').slice(0, 3000)}`,
        );
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  // Runs last: shows the fingerprint would have caught a change (a valid edit of one contact).
  it('sees a real change in the fingerprint', async () => {
    const before = await fingerprint(driver, ids);
    ok(
      await gql(
        `mutation($p: ID!, $i: RelationshipUpdateInput!) { updateRelationship(personId: $p, input: $i) { strength } }`,
        { p: ctx.contacts[0], i: { strength: 0.123 } },
        ctx.tokens.member,
      ),
    );
    const changed = diff(before, await fingerprint(driver, ids));
    expect(changed.added.some((x) => x.includes('0.123'))).toBe(true);
  });
});

function judge(name: string, res: GqlResponse): string | null {
  if (res.status >= 500) return `HTTP ${res.status}`;
  if (!res.errors?.length) return 'no error for an invalid request';
  const codes = res.errors.map((e) => e.extensions?.code);
  const bad = codes.filter((c) => typeof c !== 'string' || !ALLOWED.has(c));
  if (bad.length) return `error codes ${JSON.stringify(codes)}`;
  const data = res.data as Record<string, unknown> | null | undefined;
  if (data != null && data[name] != null) return `data returned for ${name}`;
  return null;
}
