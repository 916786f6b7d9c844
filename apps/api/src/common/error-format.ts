import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '#libs/common';
import { GraphUnavailableError } from '#libs/graph';

const logger = new Logger('GraphQL');
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The one place errors become what clients see: domain errors keep their code, message and
 * field; anything unexpected is masked as INTERNAL_SERVER_ERROR with a correlation id that
 * is also in the log, never a stack trace.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof DomainError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: original.code, ...(original.field ? { field: original.field } : {}), ...(original.extensions ?? {}) },
    };
  }
  if (original instanceof GraphUnavailableError) {
    const correlationId = randomUUID();
    logger.warn({ msg: 'graph database unavailable', neo4jCode: original.neo4jCode, correlationId });
    return { message: original.message, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true, correlationId } };
  }
  const tokens = /^Syntax Error: Document contains more th(?:at|an) (\d+) tokens/.exec(formatted.message);
  if (tokens) {
    return { message: `Token limit of ${tokens[1]} exceeded: send a shorter query`, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'tokens' } };
  }
  const code = formatted.extensions?.['code'];
  if (typeof code === 'string' && PASS_THROUGH.has(code)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const correlationId = randomUUID();
  const err = original instanceof Error ? original : new Error(String(original));
  logger.error({ msg: 'unexpected error', error: err.name, detail: err.message, correlationId }, err.stack);
  return {
    message: `Something went wrong on our side; nothing you did caused it. Reference: ${correlationId}`,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, correlationId },
  };
}
