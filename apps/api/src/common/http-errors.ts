import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { HttpException, Logger } from '@nestjs/common';

const logger = new Logger('HTTP');

/** What a request outside GraphQL's own handling gets: a status and a GraphQL-shaped JSON body, never a stack. */
export interface HttpErrorReply {
  status: number;
  body: { errors: { message: string; extensions: Record<string, unknown> }[] };
}

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Turns any error that reaches the HTTP layer (no route, a body too large or not JSON, a fault) into a
 * reply a client can act on. Client mistakes keep their 4xx status; anything else is a 500 with a
 * correlation id that is also in the log.
 */
export function httpErrorReply(exception: unknown, method = 'GET', path = '/'): HttpErrorReply {
  const raw = exception as { status?: unknown; statusCode?: unknown; type?: unknown; limit?: unknown; expose?: unknown; message?: unknown };
  // Nest wraps body-parser's errors (http-errors with a type and a limit) in an HttpException with the original as cause.
  const cause = (exception instanceof HttpException && exception.cause ? exception.cause : exception) as { type?: unknown; limit?: unknown };
  const status =
    exception instanceof HttpException
      ? exception.getStatus()
      : typeof raw?.status === 'number' && raw.status >= 400 && raw.status < 600
        ? raw.status
        : typeof raw?.statusCode === 'number' && raw.statusCode >= 400 && raw.statusCode < 600
          ? raw.statusCode
          : 500;
  if (status >= 500) {
    const correlationId = randomUUID();
    const err = exception instanceof Error ? exception : new Error(String(exception));
    logger.error({ msg: 'unexpected HTTP error', error: err.name, detail: err.message, correlationId }, err.stack);
    return {
      status: 500,
      body: {
        errors: [
          {
            message: `Something went wrong on our side; nothing you did caused it. Reference: ${correlationId}`,
            extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
          },
        ],
      },
    };
  }
  const code = CODES[status] ?? 'BAD_REQUEST';
  let message: string;
  if (status === 404) {
    message =
      path === '/'
        ? 'There is no web page here yet: the GraphQL API is at /graphql (POST, with Authorization: Bearer <token>) and its health at /health'
        : `Nothing here: ${method} ${path}. The GraphQL API is at /graphql`;
  } else if (status === 413) {
    message = `The request body is too large: the limit is ${typeof cause?.limit === 'number' ? megabytes(cause.limit) : 'BODY_LIMIT_BYTES'}; send a smaller request`;
  } else if (cause?.type === 'entity.parse.failed') {
    message = 'The request body is not valid JSON';
  } else if (cause?.type === 'encoding.unsupported' || cause?.type === 'charset.unsupported') {
    message = 'The request body must be UTF-8 encoded JSON';
  } else if (exception instanceof HttpException || raw?.expose === true) {
    message = typeof raw.message === 'string' && raw.message ? raw.message : code;
  } else {
    message = 'The request could not be read';
  }
  return { status, body: { errors: [{ message, extensions: { code } }] } };
}

/** Writes the reply of httpErrorReply (unless a response is already under way). */
export function writeHttpError(exception: unknown, req: { method?: string; url?: string; originalUrl?: string }, res: ServerResponse): void {
  const reply = httpErrorReply(exception, req.method, (req.originalUrl ?? req.url ?? '/').split('?')[0]);
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(reply.body));
}
