import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError } from '#libs/common';
import type { RateLimits } from './rate-limits.js';

/**
 * Counts every request to /graphql (and the objection page) against its client address before anything else runs, so
 * unauthenticated and invalid requests are limited too. Refusals are GraphQL-shaped, with
 * HTTP 429 and Retry-After.
 */
export function ipRateLimit(limits: RateLimits) {
  return (req: IncomingMessage & { ip?: string }, res: ServerResponse, next: (error?: unknown) => void): void => {
    limits.consume('ip', req.ip ?? req.socket.remoteAddress ?? 'unknown').then(
      () => next(),
      (error: unknown) => {
        if (!(error instanceof DomainError)) return next(error);
        const retryAfter = Number(error.extensions?.['retryAfterSeconds'] ?? 60);
        res.writeHead(429, { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': String(retryAfter) });
        res.end(JSON.stringify({ errors: [{ message: error.message, extensions: { code: error.code, retryAfterSeconds: retryAfter } }] }));
      },
    );
  };
}
