import { randomInt, randomUUID } from 'node:crypto';
import { signDevToken, type AccountRole } from '#libs/auth';
import { TEST_JWT_SECRET, testRun } from './test-env.js';

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string; [k: string]: unknown } }[];
}

let apiOverride: string | null = null;

/** Points this test file's requests at another API (a suite that starts its own); null for the shared one. */
export function useApi(url: string | null): void {
  apiOverride = url;
}

/** Sends a real HTTP GraphQL request to the API the global setup started (or the one set with useApi). */
export async function gql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GqlResponse<T>> {
  const res = await fetch(`${apiOverride ?? testRun().apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GqlResponse<T>, 'status'>;
  return { status: res.status, ...body };
}

export interface TestUser {
  sub: string;
  name: string;
  email: string;
  token: string;
}

/** A fresh account (unique sub and email) with a real signed token. */
export async function newUser(roles: AccountRole[] = ['MEMBER'], name = 'Test Member'): Promise<TestUser> {
  const sub = `test-${randomUUID()}`;
  const email = `${sub}@accounts.backr.test`;
  const token = await signDevToken(TEST_JWT_SECRET, { sub, name, email, roles });
  return { sub, name, email, token };
}

export const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

/**
 * A fresh UK mobile number. All ten million +44790 numbers are valid in libphonenumber's metadata
 * (checked one by one); a random +4479 number is not (1 in 200 falls in an unallocated range, which
 * failed a CI run).
 */
export const uniquePhone = () => `+44790${String(randomInt(10_000_000)).padStart(7, '0')}`;

export function codeOf(response: GqlResponse): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}
