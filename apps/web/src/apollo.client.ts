import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import { getSession, setSession } from './auth/session';

const bearer = () => `Bearer ${getSession()?.token ?? ''}`;

/**
 * One client per sign-in: its cache and its live-update socket end with the session. Every request
 * (and every socket connection) takes the session's current token, so a silently renewed token is
 * used at once without starting again.
 */
export function makeApolloClient(): { client: ApolloClient; dispose: () => void } {
  const http = ApolloLink.from([
    new SetContextLink((prev) => ({ headers: { ...(prev['headers'] as Record<string, string> | undefined), authorization: bearer() } })),
    new HttpLink({ uri: '/graphql' }),
  ]);
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const ws = createClient({ url: wsUrl, lazy: true, connectionParams: () => ({ authorization: bearer() }), retryAttempts: 5 });
  const transport = ApolloLink.split(({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION, new GraphQLWsLink(ws), http);
  const signOutWhenRefused = new ErrorLink(({ error }) => {
    if (CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.['code'] === 'UNAUTHENTICATED')) {
      setSession(null, 'You have been signed out. Sign in again to carry on.');
    }
  });
  const client = new ApolloClient({
    link: ApolloLink.from([signOutWhenRefused, transport]),
    cache: new InMemoryCache({
      typePolicies: {
        Relationship: { keyFields: ['person', ['id']] },
        Account: { fields: { goals: { merge: false } } },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
  return { client, dispose: () => void ws.dispose() };
}
