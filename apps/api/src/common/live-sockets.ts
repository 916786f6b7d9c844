import { Logger } from '@nestjs/common';

/** One graphql-ws connection as live updates see it (kept in the connection's `extra`). */
export interface LiveSocket {
  personId: string;
  /** Subscriptions open on this socket now. */
  subscriptions: number;
  close(code: number, reason: string): void;
}

/** graphql-ws close codes: 4401 Unauthorized (the token expired), 4403 Forbidden (the account is gone). */
export const CLOSE_TOKEN_EXPIRED = { code: 4401, reason: 'Token expired: connect again with a fresh token' } as const;
export const CLOSE_ACCOUNT_GONE = { code: 4403, reason: 'Forbidden: this account was deleted' } as const;

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The open sockets of this API process, by account: each closes when its token expires, and every socket of an
 * account closes when the account is erased. One per process (the GraphQL options and LiveUpdates share it).
 */
export class LiveSockets {
  private readonly logger = new Logger('LiveSockets');
  private readonly byPerson = new Map<string, Set<LiveSocket>>();
  private readonly timers = new Map<LiveSocket, NodeJS.Timeout>();

  opened(socket: LiveSocket, expiresAtMs?: number): void {
    let set = this.byPerson.get(socket.personId);
    if (!set) this.byPerson.set(socket.personId, (set = new Set()));
    set.add(socket);
    if (expiresAtMs !== undefined) this.expireAt(socket, expiresAtMs);
  }

  private expireAt(socket: LiveSocket, expiresAtMs: number): void {
    const wait = expiresAtMs - Date.now();
    if (wait <= 0) {
      this.close(socket, CLOSE_TOKEN_EXPIRED);
      return;
    }
    const timer = setTimeout(() => this.expireAt(socket, expiresAtMs), Math.min(wait, MAX_TIMER_MS));
    timer.unref();
    this.timers.set(socket, timer);
  }

  closed(socket: LiveSocket): void {
    clearTimeout(this.timers.get(socket));
    this.timers.delete(socket);
    const set = this.byPerson.get(socket.personId);
    set?.delete(socket);
    if (set && !set.size) this.byPerson.delete(socket.personId);
  }

  /** Closes every socket of an account (erased: 4403). */
  closeAccount(personId: string, why: { code: number; reason: string } = CLOSE_ACCOUNT_GONE): number {
    const sockets = [...(this.byPerson.get(personId) ?? [])];
    for (const socket of sockets) this.close(socket, why);
    return sockets.length;
  }

  private close(socket: LiveSocket, why: { code: number; reason: string }): void {
    this.closed(socket);
    try {
      socket.close(why.code, why.reason);
    } catch (error) {
      this.logger.warn({ msg: 'could not close a live-update socket', error: (error as Error).name });
    }
  }

  get size(): number {
    let n = 0;
    for (const set of this.byPerson.values()) n += set.size;
    return n;
  }
}

export const liveSockets = new LiveSockets();
