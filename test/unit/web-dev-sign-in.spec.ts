import { describe, expect, it } from '@jest/globals';
import { AppConfig } from '#libs/config';
import { devSignInEnabled } from '../../apps/api/src/web/dev-sign-in.route.js';
import { webConfigOf, webSecurityHeaders } from '../../apps/api/src/web/web-app.static.js';

const config = (over: Partial<AppConfig>) => Object.assign(new AppConfig(), over);

describe('web app configuration', () => {
  it('offers development sign-in only outside production and only when the API signs its own tokens', () => {
    expect(devSignInEnabled(config({ NODE_ENV: 'development' }))).toBe(true);
    expect(devSignInEnabled(config({ NODE_ENV: 'test' }))).toBe(true);
    expect(devSignInEnabled(config({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-production-secret-of-enough-length-000' }))).toBe(false);
    expect(devSignInEnabled(config({ NODE_ENV: 'development', AUTH_JWKS_URL: 'https://id.example.org/jwks' }))).toBe(false);
  });

  it('offers OIDC when a client id and an issuer are set, and lets the page reach the issuer', () => {
    expect(webConfigOf(config({}), true)).toEqual({ devSignIn: true, oidc: null });
    const oidc = config({ AUTH_ISSUER: 'https://id.example.org/realms/backr', AUTH_AUDIENCE: 'https://api.example.org', WEB_OIDC_CLIENT_ID: 'backr-web' });
    expect(webConfigOf(oidc, false)).toEqual({
      devSignIn: false,
      oidc: { authority: 'https://id.example.org/realms/backr', clientId: 'backr-web', scope: 'openid profile email', audience: 'https://api.example.org' },
    });
    const csp = webSecurityHeaders(config({ ...oidc, PUBLIC_URL: 'https://backr.example.org' }))['Content-Security-Policy'];
    expect(csp).toContain("connect-src 'self' wss://backr.example.org https://id.example.org;");
    expect(webSecurityHeaders(config({}))['Content-Security-Policy']).toContain("connect-src 'self' ws://127.0.0.1:3000;");
  });
});
