import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { ApolloServerPlugin } from '@apollo/server';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '#libs/config';
import { formatError } from './common/error-format.js';

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

export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  return {
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    playground: false,
    graphiql: false,
    introspection: !config.isProduction,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    formatError,
    plugins: [operationLogPlugin],
    context: ({ req }: { req: unknown }) => ({ req }),
  };
}
