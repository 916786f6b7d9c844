import { useEffect, useState } from 'react';
import { navigate } from '../router';
import { Page } from '../ui/page';
import { useOidc } from './oidc.session';
import type { WebConfig } from './web-config';

/** Where the identity provider sends people back to after they signed in. */
export default function OidcCallback({ config }: { config: WebConfig }) {
  const oidc = useOidc(config);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!oidc) return setFailed(true);
    oidc.complete().then(
      () => navigate('/', { replace: true }),
      () => setFailed(true),
    );
  }, [oidc]);
  return failed ? (
    <Page title="Sign-in did not finish">
      <p>We could not finish signing you in. It may have taken too long.</p>
      <p>
        <a href="/">Try signing in again</a>
      </p>
    </Page>
  ) : (
    <p role="status">Signing you in…</p>
  );
}
