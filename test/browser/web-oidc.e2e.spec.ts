import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { checkPage, launchBrowser, openWatched, type Watched } from '../support/browser.js';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { freePort } from '../support/processes.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * Production sign-in: the web app signs in with the authorization code flow and PKCE
 * (oidc-client-ts) at a real OpenID provider run here, and the API accepts the provider's tokens
 * through its keys (AUTH_JWKS_URL). Development sign-in is absent in this mode.
 */
describe('web app: OpenID Connect sign-in', () => {
  let stack: Stack;
  let oidc: TestOidcProvider;
  let browser: Browser;
  let w: Watched;

  beforeAll(async () => {
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    stack = await startStack('web-oidc', {
      AUTH_JWKS_URL: `${issuer}/jwks`,
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: 'https://api.backr.test',
      WEB_OIDC_CLIENT_ID: 'backr-web',
    });
    oidc = await startOidcProvider(port, stack.apiUrl, {
      'olivia-oidc': { sub: 'olivia-oidc', name: 'Olivia Okafor', email: 'olivia.okafor@example.org', roles: ['member'] },
    });
    browser = await launchBrowser();
    w = await openWatched(browser, stack.apiUrl, 1280);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await oidc?.stop();
    await stack?.stop();
  });

  it('has no development sign-in: /dev/token does not exist and the page offers only the provider', async () => {
    expect(
      (await fetch(`${stack.apiUrl}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sub":"demo-member"}' })).status,
    ).toBe(404);
    expect((await fetch(`${stack.apiUrl}/dev/accounts`)).status).toBe(404);
    const config = (await (await fetch(`${stack.apiUrl}/web-config.json`)).json()) as { devSignIn: boolean; oidc: { authority: string } | null };
    expect(config).toMatchObject({ devSignIn: false, oidc: { authority: oidc.issuer } });
  });

  it("signs in at the provider with PKCE, calls the API with the provider's token, and signs out", async () => {
    const { page } = w;
    const authorize: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(`${oidc.issuer}/auth`)) authorize.push(r.url());
    });
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Backr' }).waitFor();
    expect(await page.getByText('Sign in as a demo person').count()).toBe(0);
    await checkPage(w, 'oidc-sign-in');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // The provider's own login form (oidc-provider's development interaction).
    await page.waitForURL((url) => url.origin === oidc.issuer);
    await page.locator('input[name="login"]').fill('olivia-oidc');
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.origin === stack.apiUrl && url.pathname === '/network');
    await page.getByRole('heading', { name: 'My network' }).waitFor();
    await page.getByText('Olivia Okafor').first().waitFor();
    await checkPage(w, 'oidc-signed-in');

    const params = new URL(authorize[0]).searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('response_type')).toBe('code');
    // Tokens stay in memory: nothing in the page's storage holds them.
    const stored = await page.evaluate<string>('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })');
    expect(stored).not.toMatch(/eyJ[\w-]+\.eyJ/);

    // Silent renew: before the access token expires, the app swaps its refresh token for a new one and carries on.
    const renewed = await page.waitForRequest((r) => r.url() === `${oidc.issuer}/token` && (r.postData() ?? '').includes('grant_type=refresh_token'), {
      timeout: 60_000,
    });
    expect(renewed.method()).toBe('POST');
    await page.waitForTimeout(500);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My network' }).click();
    await page.getByRole('heading', { name: 'My network' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Sign in to Backr' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Backr' }).waitFor();
    expect(w.problems).toEqual([]);
    expect(w.checked.filter((c) => c.violations.length)).toEqual([]);
  }, 180_000);
});
