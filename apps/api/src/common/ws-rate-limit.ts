import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { DomainError } from '#libs/common';
import type { RateLimits } from './rate-limits.js';

type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * WebSocket connects count against the per-address limit like every HTTP request: the server's upgrade
 * listeners (the graphql-ws server) only see a connect the limit lets through; a refused one gets HTTP 429
 * with Retry-After and a JSON body, before any WebSocket handshake. Call after the GraphQL module has
 * attached its WebSocket server (after app.init()).
 */
export function limitWebSocketConnects(server: Server, limits: RateLimits, clientAddress: (req: IncomingMessage) => string): void {
  const listeners = server.listeners('upgrade') as UpgradeListener[];
  server.removeAllListeners('upgrade');
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    limits.consume('ip', clientAddress(req)).then(
      () => {
        for (const listener of listeners) listener.call(server, req, socket, head);
      },
      (error: unknown) => {
        const limited = error instanceof DomainError;
        const retryAfter = limited ? Number(error.extensions?.['retryAfterSeconds'] ?? 60) : 5;
        const body = JSON.stringify({
          errors: [
            limited
              ? { message: error.message, extensions: { code: error.code, retryAfterSeconds: retryAfter } }
              : { message: 'Try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE' } },
          ],
        });
        const status = limited ? '429 Too Many Requests' : '503 Service Unavailable';
        socket.end(
          `HTTP/1.1 ${status}\r\nRetry-After: ${retryAfter}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      },
    );
  });
}

/** The client address as Express sees it (TRUST_PROXY applied), for a request that never reaches Express (an upgrade). */
export function expressClientAddress(expressApp: { request: object }): (req: IncomingMessage) => string {
  return (req) => {
    const view = Object.create(expressApp.request) as { headers: unknown; socket: unknown; connection: unknown; ip?: string };
    view.headers = req.headers;
    view.socket = req.socket;
    view.connection = req.socket;
    return view.ip ?? req.socket.remoteAddress ?? 'unknown';
  };
}
