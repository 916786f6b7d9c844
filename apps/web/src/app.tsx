import { ApolloProvider, useQuery } from '@apollo/client/react';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { makeApolloClient } from './apollo.client';
import { useOidc } from './auth/oidc.session';
import { setSession, useSession } from './auth/session';
import { SignInPage } from './auth/sign-in.page';
import type { WebConfig } from './auth/web-config';
import { graphql } from './gql';
import { Routes } from './routes';
import { Link, useLocation } from './router';
import { Loading } from './ui/page';

export const MeQuery = graphql(`
  query Me {
    me {
      id
      roles
      brokerCapacity
      lendsNetwork
      person {
        id
        displayName
        headline
      }
    }
  }
`);

const OidcCallback = lazy(() => import('./auth/oidc-callback.page'));

export function App({ config }: { config: WebConfig }) {
  const session = useSession();
  const { path } = useLocation();
  const oidc = useOidc(config);
  const signedIn = session !== null;
  const [apollo, setApollo] = useState<ReturnType<typeof makeApolloClient> | null>(null);
  // A client for each sign-in (not for each renewed token), closed when it ends.
  useEffect(() => {
    if (!signedIn) return setApollo(null);
    const made = makeApolloClient();
    setApollo(made);
    return () => made.dispose();
  }, [signedIn]);
  if (path === '/signed-in')
    return (
      <Shell>
        <Suspense fallback={<Loading />}>
          <OidcCallback config={config} />
        </Suspense>
      </Shell>
    );
  if (!session)
    return (
      <Shell>
        <SignInPage config={config} oidc={oidc} />
      </Shell>
    );
  if (!apollo)
    return (
      <Shell>
        <Loading />
      </Shell>
    );
  const signOut = () => {
    void apollo.client.clearStore();
    if (session.kind === 'oidc') void oidc?.signOut();
    setSession(null);
  };
  return (
    <ApolloProvider client={apollo.client}>
      <SignedIn signOut={signOut} />
    </ApolloProvider>
  );
}

function SignedIn({ signOut }: { signOut: () => void }) {
  const { data, error } = useQuery(MeQuery);
  const roles = data?.me.roles ?? [];
  return (
    <Shell
      nav={data ? <Nav roles={roles} /> : null}
      account={
        data ? (
          <>
            <span>{data.me.person.displayName}</span>{' '}
            <button type="button" className="link-button" style={{ color: '#fff' }} onClick={signOut}>
              Sign out
            </button>
          </>
        ) : null
      }
    >
      {data ? <Routes roles={roles} /> : error ? <p>We could not load your account. Try again later.</p> : <Loading />}
    </Shell>
  );
}

function Nav({ roles }: { roles: string[] }) {
  const { path } = useLocation();
  const items: [string, string][] = [];
  if (roles.includes('MEMBER')) items.push(['/network', 'My network'], ['/find', 'Find people'], ['/introductions', 'Introductions']);
  if (roles.includes('VOLUNTEER') || roles.includes('MEMBER')) items.push(['/asks', 'Asks for me']);
  if (roles.includes('COACH')) items.push(['/caseload', 'My members']);
  if (roles.includes('MEMBER')) items.push(['/my-coach', 'My coach']);
  if (roles.includes('COACH') || roles.includes('VOLUNTEER') || roles.includes('MEMBER')) items.push(['/events', 'Events']);
  if (roles.includes('ADMIN')) items.push(['/admin', 'Administration']);
  items.push(['/settings', 'Settings'], ['/my-data', 'My data']);
  return (
    <nav className="nav" aria-label="Main">
      <ul>
        {items.map(([href, text]) => (
          <li key={href}>
            <Link href={href} aria-current={path === href || path.startsWith(`${href}/`) ? 'page' : undefined}>
              {text}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Shell({ children, nav, account }: { children: ReactNode; nav?: ReactNode; account?: ReactNode }) {
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <header className="header">
        <div className="header__inner">
          <Link href="/" className="header__name">
            Backr
          </Link>
          {account && <div>{account}</div>}
        </div>
      </header>
      {nav}
      <main className="main" id="main">
        {children}
      </main>
      <footer className="footer">
        <div className="footer__inner">Backr helps you find work through the people you know.</div>
      </footer>
    </>
  );
}
