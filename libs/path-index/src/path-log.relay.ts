import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { PathChange } from '#libs/graph';
import type { PathIndexRepository } from './path-index.repository.js';

/** Entries kept in the stream: a replica further behind than this rebuilds. */
export const STREAM_MAX_LEN = 100_000;

/**
 * Copies committed changes from the graph's log to the Redis Stream, in sequence order, with the
 * sequence number as the entry id. Any number of processes may relay at once: Redis refuses an id
 * not above the last, so a change is added exactly once and never out of order; a relay that loses
 * that race re-reads where the stream is and carries on.
 */
export class PathLogRelay {
  private readonly logger = new Logger('PathLogRelay');
  private lastRelayed: number | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private lastPrune = 0;
  /** When this process saw its own changes commit, by seq, until they are relayed (the stream carries it). */
  private readonly commitTimes = new Map<number, number>();

  constructor(
    private readonly redis: Redis,
    private readonly stream: string,
    private readonly repo: PathIndexRepository,
  ) {}

  /**
   * Relays now (or right after the run in progress). `committed`, a change this process just
   * committed, is added straight away when it is the next in the stream (no read of the log); any
   * other is read from the log in order.
   */
  kick(committed?: PathChange): Promise<void> {
    if (committed?.committedAt !== undefined) {
      if (this.commitTimes.size >= 10_000) this.commitTimes.clear(); // relayed by another process meanwhile
      this.commitTimes.set(committed.seq, committed.committedAt);
    }
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        this.again = true;
        if (committed && this.lastRelayed !== null && committed.seq === this.lastRelayed + 1) {
          this.again = false;
          if (await this.add(committed)) this.lastRelayed = committed.seq;
          else this.again = true;
        }
        while (this.again) {
          this.again = false;
          await this.relayOnce();
        }
      } catch (error) {
        this.lastRelayed = null;
        this.logger.warn({ msg: 'path change relay failed; retrying on the next poll', error: (error as Error).message });
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async relayOnce(): Promise<void> {
    this.lastRelayed ??= await this.streamSeq();
    for (;;) {
      const changes = await this.repo.changesAfter(this.lastRelayed, 500);
      if (!changes.length) break;
      for (const change of changes) {
        if (!(await this.add(change))) {
          this.lastRelayed = await this.streamSeq();
          break;
        }
        this.lastRelayed = change.seq;
      }
      if (changes.length < 500) break;
    }
    if (Date.now() - this.lastPrune > 30_000) {
      this.lastPrune = Date.now();
      await this.repo.prune(this.lastRelayed - 1000, 10 * 60_000);
    }
  }

  /** False when another relay added this id (or a later one) first. */
  private async add(change: PathChange): Promise<boolean> {
    const committedAt = change.committedAt ?? this.commitTimes.get(change.seq);
    this.commitTimes.delete(change.seq);
    try {
      await this.redis.xadd(
        this.stream,
        'MAXLEN',
        '~',
        STREAM_MAX_LEN,
        `${change.seq}-0`,
        'people',
        JSON.stringify(change.people),
        'states',
        JSON.stringify(change.states ?? []),
        'at',
        String(change.at ?? Date.now()),
        ...(committedAt === undefined ? [] : ['committedAt', String(committedAt)]),
      );
      return true;
    } catch (error) {
      if (/equal or smaller/i.test((error as Error).message)) return false;
      throw error;
    }
  }

  private async streamSeq(): Promise<number> {
    const [last] = await this.redis.xrevrange(this.stream, '+', '-', 'COUNT', 1);
    return last ? seqOf(last[0]) : 0;
  }
}

export function seqOf(entryId: string): number {
  return Number(entryId.split('-')[0]);
}
