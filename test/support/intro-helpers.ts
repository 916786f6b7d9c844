import type { AccountRole } from '#libs/auth';
import { expect } from '@jest/globals';
import { gql, newUser, unique, type GqlResponse, type TestUser } from './api-client.js';

export const INTRO_FIELDS = `id status message currentStep outcome createdAt updatedAt expiresAt awaitingMyAnswer
  requester { id displayName }
  steps { label person { id displayName } work { title } context strength }
  history { at status actorLabel note }
  introducedContact { person { id displayName } email phone }
  answerOnBehalfOf { id displayName }
  nextPath { id hops steps { label } }`;

export const ME = `{ me { id person { id displayName } } }`;
export const ADD = `mutation($input: ContactInput!) { addContact(input: $input) { person { id } } }`;
export const PATHS = `query($input: IntroPathsInput!) { introPaths(input: $input) { paths { id hops steps { label person { id } } } } }`;
export const REQUEST = `mutation($input: RequestIntroductionInput!) { requestIntroduction(input: $input) { ${INTRO_FIELDS} } }`;
export const RESPOND = `mutation($input: RespondToIntroductionInput!) { respondToIntroduction(input: $input) { ${INTRO_FIELDS} } }`;
export const WITHDRAW = `mutation($id: ID!) { withdrawIntroduction(requestId: $id) { ${INTRO_FIELDS} } }`;
export const OUTCOME = `mutation($input: RecordIntroOutcomeInput!) { recordIntroOutcome(input: $input) { ${INTRO_FIELDS} } }`;
export const GET = `query($id: ID!) { introductionRequest(id: $id) { ${INTRO_FIELDS} } }`;
export const INBOX = `query($first: Int, $after: String) { introductionInbox(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${INTRO_FIELDS} } } } }`;
export const MINE = `query($status: [IntroStatus!], $first: Int) { myIntroductions(status: $status, first: $first) { totalCount edges { node { id status } } } }`;
export const SETTINGS = `mutation($input: AccountSettingsInput!) { updateAccountSettings(input: $input) { brokerCapacity } }`;

export type Intro = Record<string, any>;

/** Fails with the server's errors in the message, so a broken step says why. */
export function ok<T>(res: GqlResponse<T>): T {
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  expect(res.data).not.toBeNull();
  return res.data!;
}

/** A fresh account that exists in the graph (the first request provisions it). Returns its person id. */
export async function account(roles: AccountRole[], name: string): Promise<TestUser & { personId: string }> {
  const user = await newUser(roles, name);
  const me = ok(await gql<{ me: any }>(ME, {}, user.token));
  return { ...user, personId: me.me.person.id };
}

export async function addContact(owner: TestUser, input: Record<string, unknown>): Promise<string> {
  return ok(await gql<{ addContact: any }>(ADD, { input }, owner.token)).addContact.person.id;
}

/** member → broker (volunteer, an account) → target (an account doing `work`). */
export async function chain(work = 'HCPC paramedic') {
  const [member, broker, target] = await Promise.all([
    account(['MEMBER'], unique('Mia Member')),
    account(['VOLUNTEER'], unique('Bo Broker')),
    account(['MEMBER'], unique('Tess Target')),
  ]);
  await addContact(member, { displayName: broker.name, email: broker.email, context: 'FRIEND', strength: 0.9 });
  await addContact(broker, {
    displayName: target.name,
    email: target.email,
    context: 'EX_COLLEAGUE',
    strength: 0.8,
    roles: [{ title: work, organisation: 'Yorkshire Ambulance Service' }],
  });
  return { member, broker, target, work };
}

/** The best path to someone doing `work` (the member's network only reaches the people the test set up). */
export async function pathTo(member: TestUser, work: string): Promise<string> {
  const res = ok(await gql<{ introPaths: any }>(PATHS, { input: { work } }, member.token));
  const [path] = res.introPaths.paths;
  expect(path).toBeDefined();
  return path.id;
}

export async function request(
  member: TestUser,
  pathId: string,
  message = 'I am training as a paramedic and would value 20 minutes of advice.',
  clientMutationId?: string,
): Promise<Intro> {
  return ok(await gql<{ requestIntroduction: Intro }>(REQUEST, { input: { pathId, message, clientMutationId } }, member.token)).requestIntroduction;
}

export async function respond(user: TestUser, requestId: string, accept: boolean, extra: Record<string, unknown> = {}): Promise<Intro> {
  return ok(await gql<{ respondToIntroduction: Intro }>(RESPOND, { input: { requestId, accept, ...extra } }, user.token)).respondToIntroduction;
}

export async function get(user: TestUser, id: string): Promise<Intro | null> {
  return ok(await gql<{ introductionRequest: Intro | null }>(GET, { id }, user.token)).introductionRequest;
}

/**
 * Polls until `check` passes or `ms` runs out (the worker acts asynchronously). The default is long:
 * beside the whole suite on two cores a worker's job can wait tens of seconds; it returns as soon as it holds.
 */
export async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await probe();
  while (!check(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    value = await probe();
  }
  return value;
}
