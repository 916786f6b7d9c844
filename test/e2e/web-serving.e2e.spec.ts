import { describe, expect, it } from '@jest/globals';
import { gql } from '../support/api-client.js';
import { testRun } from '../support/test-env.js';

/** The API serves the built web app at / with safe headers, and development sign-in outside production. */
describe('web app serving', () => {
  const api = () => testRun().apiUrl;

  it('serves the app at / and at its own addresses, with a strict Content-Security-Policy', async () => {
    for (const path of ['/', '/network', '/introductions/some-request']) {
      const res = await fetch(`${api()}${path}`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('<div id="root">');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it("leaves the API's own routes alone and answers unknown assets and non-page requests with 404", async () => {
    expect((await fetch(`${api()}/health`)).headers.get('content-type')).toMatch(/json/);
    expect((await gql('{ me { id } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await fetch(`${api()}/assets/missing-0000.js`)).status).toBe(404);
    expect((await fetch(`${api()}/no-such-thing`, { headers: { accept: 'application/json' } })).status).toBe(404);
    const config = (await (await fetch(`${api()}/web-config.json`)).json()) as Record<string, unknown>;
    expect(config).toEqual({ devSignIn: true, oidc: null });
  });

  it('signs development tokens for the demo accounts and made-up people only, and the API accepts them', async () => {
    const { accounts } = (await (await fetch(`${api()}/dev/accounts`)).json()) as { accounts: { sub: string; name: string }[] };
    expect(accounts.map((a) => a.name)).toEqual(expect.arrayContaining(['Alex Morgan', 'Priya Shah', 'Chris Evans', 'Dana Admin']));
    const post = (body: unknown) =>
      fetch(`${api()}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const refused = await post({ sub: 'someone-else' });
    expect(refused.status).toBe(400);
    expect((await post({ sub: 'dev-web-serving', name: 'Bad <b>name</b>' })).status).toBe(400);
    expect((await post({ sub: 'dev-web-serving', name: 'Wendy Web', roles: ['superuser'] })).status).toBe(400);
    const made = (await (await post({ sub: 'dev-web-serving', name: 'Wendy Web', roles: ['volunteer'] })).json()) as { token: string };
    const me = await gql<{ me: { roles: string[]; person: { displayName: string } } }>('{ me { roles person { displayName } } }', {}, made.token);
    expect(me.data?.me).toEqual({ roles: ['VOLUNTEER'], person: { displayName: 'Wendy Web' } });
  });
});
