import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { signDevToken } from '#libs/auth';
import { gql } from '../support/api-client.js';
import { TEST_JWT_SECRET } from '../support/test-env.js';

/** Issue 14: a token without a `name` claim (npm run demo:import -- --sub makes such tokens) keeps the stored name. */
describe('name claim', () => {
  it('a sign-in without a name claim keeps the name the account has; a new name claim still renames it', async () => {
    const sub = `test-${randomUUID()}`;
    const named = await signDevToken(TEST_JWT_SECRET, { sub, name: 'Dana Whitfield', roles: ['MEMBER'] });
    const nameless = await signDevToken(TEST_JWT_SECRET, { sub, roles: ['MEMBER'] });
    const me = async (token: string) => (await gql('{ me { person { displayName } } }', {}, token)).data?.me?.person?.displayName;
    expect(await me(named)).toBe('Dana Whitfield');
    expect(await me(nameless)).toBe('Dana Whitfield');
    const renamed = await signDevToken(TEST_JWT_SECRET, { sub, name: 'Dana Okafor', roles: ['MEMBER'] });
    expect(await me(renamed)).toBe('Dana Okafor');
  });

  it('a brand-new account without a name claim is called "New member"', async () => {
    const token = await signDevToken(TEST_JWT_SECRET, { sub: `test-${randomUUID()}`, roles: ['MEMBER'] });
    expect((await gql('{ me { person { displayName } } }', {}, token)).data?.me?.person?.displayName).toBe('New member');
  });
});
