import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { rateLimited } from '#libs/common';
import { formatError } from '../../apps/api/src/common/error-format.js';

describe('formatError', () => {
  it('masks an unexpected error as INTERNAL_SERVER_ERROR with a correlation id that is also logged, and no stack', () => {
    const logged: unknown[] = [];
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation((...args: unknown[]) => void logged.push(args));
    const original = new Error('connection string postgres://user:pw@db failed at secret.ts:12');
    const out = formatError(
      { message: original.message, path: ['me'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } },
      new GraphQLError(original.message, { originalError: original }),
    );
    spy.mockRestore();
    const id = out.extensions!['correlationId'] as string;
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', correlationId: id });
    expect(out.message).toContain(id);
    expect(out.message).not.toContain('postgres');
    expect(JSON.stringify(logged)).toContain(id);
  });

  it("keeps a domain error's code, field and details (a rate limit's retry-after)", () => {
    const error = rateLimited('introduction requests', 42);
    const out = formatError({ message: 'x', path: ['requestIntroduction'] }, new GraphQLError('x', { originalError: error }));
    expect(out.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 42 });
    expect(out.message).toBe('Too many introduction requests; try again in 42 seconds');
  });

  it('passes validation errors through without a stack trace', () => {
    const out = formatError(
      { message: 'Query depth limit of 4 exceeded', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['at y'] } },
      new GraphQLError('Query depth limit of 4 exceeded'),
    );
    expect(out.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });
});
