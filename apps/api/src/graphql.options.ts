import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { ApolloServerPlugin } from '@apollo/server';
import { Logger } from '@nestjs/common';
import type { JwtVerifier } from '#libs/auth';
import { DomainError } from '#libs/common';
import type { AppConfig } from '#libs/config';
import type { AccountService } from '#libs/network';
import { clientErrorsPlugin } from './common/client-errors.plugin.js';
import { formatError } from './common/error-format.js';
import { liveSockets, type LiveSocket } from './common/live-sockets.js';
import { queryLimits } from './common/query-limits.js';

const requestLog = new Logger('Request');

/** Logs operation name, duration and error codes: never variables, which may hold personal data. */
const operationLogPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    const started = Date.now();
    return {
      async willSendResponse(ctx) {
        const codes = (ctx.errors ?? []).map((e) => e.extensions?.['code']).filter(Boolean);
        requestLog.debug({ msg: 'graphql', operation: ctx.operationName ?? null, ms: Date.now() - started, errors: codes });
      },
    };
  },
};

import { getOperationAST, GraphQLError, OperationTypeNode, parse, specifiedRules, validate, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Context as WsContext, SubscribePayload } from 'graphql-ws';

/** What a graphql-ws connection keeps: its socket (from the ws server), its viewer and its live-update state. */
interface SocketExtra {
  socket?: { close(code: number, reason: string): void };
  viewer?: unknown;
  live?: LiveSocket;
}

/** The token of a graphql-ws connection: connectionParams.authorization ("Bearer …") or .token. */
function wsToken(params: Record<string, unknown> | undefined): string | null {
  const value = params?.['authorization'] ?? params?.['Authorization'] ?? params?.['token'];
  if (typeof value !== 'string') return null;
  return /^Bearer\s+(\S+)$/i.exec(value)?.[1] ?? (value.includes(' ') ? null : value);
}

export function graphqlOptions(config: AppConfig, verifier: JwtVerifier, accounts: AccountService): ApolloDriverConfig {
  const limits = queryLimits(config);
  return {
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    playground: false,
    graphiql: false,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.isProduction,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    formatError,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [operationLogPlugin, clientErrorsPlugin, ...limits.plugins],
    subscriptions: {
      'graphql-ws': {
        path: '/graphql',
        // The socket carries subscriptions only (queries and mutations go over HTTP, through the
        // rate limits and Apollo's plugins), under the same token, depth, alias and directive limits.
        onSubscribe: (_ctx: WsContext, _id: string, payload: SubscribePayload) => {
          try {
            const document = parse(payload.query, { maxTokens: config.GRAPHQL_MAX_TOKENS });
            if (getOperationAST(document, payload.operationName)?.operation !== OperationTypeNode.SUBSCRIPTION) {
              return [
                new GraphQLError('Only subscriptions run over the WebSocket; send queries and mutations over HTTP', { extensions: { code: 'BAD_REQUEST' } }),
              ];
            }
          } catch (error) {
            return [
              error instanceof GraphQLError ? error : new GraphQLError('The subscription could not be read', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
            ];
          }
          return undefined;
        },
        // graphql-ws takes `validate`; Nest passes its options through but does not declare it.
        ...{
          validate: (schema: GraphQLSchema, document: import('graphql').DocumentNode) =>
            validate(schema, document, [...specifiedRules, ...limits.validationRules]),
        },
        // Authenticated once, on connection: a socket without a valid token is closed (4403). The socket lives
        // as long as its token (closed with 4401 at expiry) and its account (closed with 4403 on erasure).
        onConnect: async (ctx: WsContext) => {
          const token = wsToken(ctx.connectionParams);
          if (!token) return false;
          try {
            const claims = await verifier.verify(token);
            const viewer = await accounts.viewerFor(claims);
            const extra = ctx.extra as SocketExtra;
            extra.viewer = viewer;
            extra.live = { personId: viewer.personId, subscriptions: 0, close: (code, reason) => extra.socket?.close(code, reason) };
            liveSockets.opened(extra.live, claims.expiresAtMs);
            return true;
          } catch (error) {
            if (error instanceof DomainError) return false;
            throw error;
          }
        },
        onClose: (ctx: WsContext) => {
          const live = (ctx.extra as SocketExtra).live;
          if (live) liveSockets.closed(live);
        },
        // Errors sent over the socket carry the same codes and wording as over HTTP.
        onNext: (_ctx: WsContext, _id: string, _payload: unknown, _args: unknown, result: { errors?: readonly GraphQLError[] }) =>
          result.errors?.length
            ? { ...result, errors: result.errors.map((e) => formatError(e instanceof GraphQLError ? e.toJSON() : (e as GraphQLFormattedError), e)) }
            : undefined,
      },
    },
    context: (ctx: { req?: unknown; extra?: SocketExtra }) =>
      ctx.req ? { req: ctx.req } : { req: { headers: {}, viewer: ctx.extra?.viewer, live: ctx.extra?.live } },
  };
}
