import { DomainError, ErrorCode } from '#libs/common';

interface Neo4jLikeError {
  code?: string;
  message?: string;
}

/** Maps driver errors by their code (never by message text) to errors a client can act on. */
export function mapNeo4jError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const code = (error as Neo4jLikeError | undefined)?.code;
  if (typeof code !== 'string') return error;
  if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
    return new DomainError(ErrorCode.CONFLICT, 'that record already exists (a concurrent change got there first); try again');
  }
  if (code === 'ServiceUnavailable' || code === 'SessionExpired' || code.startsWith('Neo.TransientError')) {
    return new GraphUnavailableError(code);
  }
  return error;
}

/** The database could not be reached in time: the request changed nothing and may be retried. */
export class GraphUnavailableError extends Error {
  constructor(readonly neo4jCode: string) {
    super(
      'The network database is unavailable right now, so the change could not be confirmed. Please try again shortly; if it had gone through, trying again says so.',
    );
    this.name = 'GraphUnavailableError';
  }
}
