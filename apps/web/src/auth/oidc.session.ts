import { useMemo } from 'react';
import type { User, UserManager } from 'oidc-client-ts';
import { setSession } from './session';
import type { WebConfig } from './web-config';

export interface OidcControl {
  signIn(): Promise<void>;
  signOut(): Promise<void>;
  /** Completes the redirect back from the identity provider (the /signed-in page). */
  complete(): Promise<void>;
}

type OidcSettings = NonNullable<WebConfig['oidc']>;
let managerPromise: Promise<UserManager> | null = null;

/**
 * OpenID Connect authorization code flow with PKCE (oidc-client-ts, loaded only when used).
 * Tokens stay in memory (InMemoryWebStorage); only the short-lived PKCE state of a redirect in
 * progress sits in sessionStorage. Tokens are renewed silently before they expire.
 */
function manager(settings: OidcSettings): Promise<UserManager> {
  managerPromise ??= import('oidc-client-ts').then(({ UserManager, WebStorageStateStore, InMemoryWebStorage }) => {
    const m = new UserManager({
      authority: settings.authority,
      client_id: settings.clientId,
      redirect_uri: `${location.origin}/signed-in`,
      post_logout_redirect_uri: `${location.origin}/`,
      response_type: 'code',
      scope: settings.scope,
      userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
      automaticSilentRenew: true,
      ...(settings.audience ? { extraQueryParams: { resource: settings.audience }, extraTokenParams: { resource: settings.audience } } : {}),
    });
    const use = (user: User | null) => (user?.access_token ? setSession({ token: user.access_token, kind: 'oidc' }) : undefined);
    m.events.addUserLoaded(use);
    m.events.addSilentRenewError(() => setSession(null, 'Your sign-in has ended. Sign in again to carry on.'));
    return m;
  });
  return managerPromise;
}

export function useOidc(config: WebConfig): OidcControl | null {
  return useMemo(() => {
    const settings = config.oidc;
    if (!settings) return null;
    return {
      signIn: async () => (await manager(settings)).signinRedirect(),
      signOut: async () => {
        const m = await manager(settings);
        await m.removeUser();
      },
      complete: async () => {
        const user = await (await manager(settings)).signinRedirectCallback();
        setSession({ token: user.access_token, kind: 'oidc' });
      },
    };
  }, [config.oidc]);
}
