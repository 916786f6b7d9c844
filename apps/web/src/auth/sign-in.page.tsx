import { useEffect, useState } from 'react';
import { navigate } from '../router';
import { Button, ErrorSummary, Radios, TextInput } from '../ui/form';
import { Notice, Page } from '../ui/page';
import { noProblems, type Problems } from '../ui/problems';
import { ROLE_WORDS } from '../ui/words';
import type { OidcControl } from './oidc.session';
import { sessionEndedMessage, setSession } from './session';
import type { WebConfig } from './web-config';

interface DevAccount {
  sub: string;
  name: string;
  roles: string[];
  headline?: string;
}

async function devToken(body: Record<string, unknown>): Promise<{ token?: string; message?: string; field?: string }> {
  const res = await fetch('/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as { token?: string; message?: string; field?: string };
}

export function SignInPage({ config, oidc }: { config: WebConfig; oidc: OidcControl | null }) {
  const ended = sessionEndedMessage();
  return (
    <Page title="Sign in to Backr">
      {ended && <Notice title="Signed out">{<p>{ended}</p>}</Notice>}
      <p className="lead">Find work through the people you know.</p>
      {oidc && (
        <Button type="button" onClick={() => void oidc.signIn()}>
          Sign in
        </Button>
      )}
      {config.devSignIn && <DevSignIn />}
      {!oidc && !config.devSignIn && <p>Signing in is not available at the moment. Try again later.</p>}
    </Page>
  );
}

/** Development only: the API offers /dev/token outside production. */
function DevSignIn() {
  const [accounts, setAccounts] = useState<DevAccount[] | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState('MEMBER');
  const [problems, setProblems] = useState<Problems>(noProblems);
  useEffect(() => {
    void fetch('/dev/accounts')
      .then((r) => (r.ok ? (r.json() as Promise<{ accounts: DevAccount[] }>) : { accounts: [] }))
      .then((b) => setAccounts(b.accounts));
  }, []);
  const signIn = async (body: Record<string, unknown>) => {
    const reply = await devToken(body);
    if (reply.token) {
      setSession({ token: reply.token, kind: 'dev' });
      navigate('/', { replace: true });
    } else if (reply.field === 'name') setProblems({ fields: { name: reply.message ?? 'Enter a name' }, general: [] });
    else setProblems({ fields: {}, general: [reply.message ?? 'Signing in did not work. Try again.'] });
  };
  return (
    <>
      <div className="warning">
        <span className="warning__icon" aria-hidden="true">
          !
        </span>
        <span>This is a demonstration. Anyone can sign in as these people; do not enter real details.</span>
      </div>
      <ErrorSummary problems={problems} />
      <h2>Sign in as a demo person</h2>
      {accounts === null ? (
        <p role="status">Loading the demo people…</p>
      ) : (
        <ul className="cards">
          {accounts.map((a) => (
            <li className="card" key={a.sub}>
              <h3>{a.name}</h3>
              <p className="hint">
                {a.roles.map((r) => ROLE_WORDS[r] ?? r).join(', ')}
                {a.headline ? `: ${a.headline}` : ''}
              </p>
              <Button type="button" variant="secondary" onClick={() => void signIn({ sub: a.sub })}>
                Sign in as {a.name}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <h2>Or try it as someone new</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return setProblems({ fields: { name: 'Enter your name' }, general: [] });
          const sub = `dev-${
            name
              .toLowerCase()
              .replace(/[^a-z0-9]+/g, '-')
              .replace(/^-|-$/g, '')
              .slice(0, 40) || 'person'
          }-${Date.now().toString(36)}`;
          void signIn({ sub, name: name.trim(), roles: [role] });
        }}
      >
        <TextInput id="name" label="Your name" autoComplete="name" value={name} onChange={setName} error={problems.fields['name']} />
        <Radios id="role" legend="How will you use Backr?" value={role} onChange={setRole} options={Object.entries(ROLE_WORDS)} />
        <Button>Start</Button>
      </form>
    </>
  );
}
