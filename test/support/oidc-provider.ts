import type { Server } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import type { OidcCtx } from 'oidc-provider';

/** Short, so the browser test sees a silent renew (oidc-client-ts renews 60 s before expiry). */
export const ACCESS_TOKEN_SECONDS = 75;

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  audience: string;
  stop: () => Promise<void>;
}

export interface OidcPerson {
  sub: string;
  name: string;
  email: string;
  roles: string[];
}

/**
 * A real OpenID provider (the certified oidc-provider package) on loopback, for the web app's
 * authorization code + PKCE sign-in. Its development login form accepts any login; `people`
 * says which name, email and roles each login gets. Access tokens are RS256 JWTs for `audience`
 * (RFC 8707 resource indicators), carrying name, email and roles, as the API expects.
 */
export async function startOidcProvider(port: number, redirectBase: string, people: Record<string, OidcPerson>): Promise<TestOidcProvider> {
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'backr-web';
  const audience = 'https://api.backr.test';
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const personOf = (id: string): OidcPerson => people[id] ?? { sub: id, name: id, email: `${id}@example.org`, roles: ['member'] };
  // oidc-provider warns (on import and construction) about what this test provider is on purpose:
  // development login form, in-memory storage, Node 20. Those lines are dropped; others pass.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => (String(args[0]).startsWith('oidc-provider WARNING') ? undefined : warn(...args));
  const { default: Provider } = await import('oidc-provider');
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        redirect_uris: [`${redirectBase}/signed-in`],
        post_logout_redirect_uris: [`${redirectBase}/`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [jwk] },
    pkce: { required: () => true },
    // Silent renew: the web app swaps a (rotating) refresh token for a fresh access token before the old one expires.
    issueRefreshToken: (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    scopes: ['openid', 'profile', 'email'],
    claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
    findAccount: (_ctx: unknown, id: string) => {
      const person = personOf(id);
      return { accountId: id, claims: () => ({ sub: id, name: person.name, email: person.email, email_verified: true }) };
    },
    extraTokenClaims: (_ctx: unknown, token: { accountId?: string; kind?: string }) => {
      if (!token.accountId || token.kind !== 'AccessToken') return undefined;
      const person = personOf(token.accountId);
      return { name: person.name, email: person.email, roles: person.roles };
    },
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => {
          if (resource !== audience) throw new Error('unknown resource');
          return { scope: 'api', audience, accessTokenTTL: ACCESS_TOKEN_SECONDS, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    // Consent is the service's own business here: every sign-in gets the web app's scopes at once.
    loadExistingGrant: async (ctx: OidcCtx) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile email');
      grant.addResourceScope(audience, 'api');
      await grant.save();
      return grant;
    },
    clientBasedCORS: () => true,
    ttl: { AccessToken: ACCESS_TOKEN_SECONDS, RefreshToken: 3600, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60 },
    cookies: { keys: ['backr-test-cookie-key-0123456789'] },
  });
  console.warn = warn;
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(port, '127.0.0.1', () => resolve(s));
  });
  return { issuer, clientId, audience, stop: () => new Promise((r) => server.close(() => r())) };
}
