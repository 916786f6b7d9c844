import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { withTimeout } from '#libs/common';
import { AppConfig } from '#libs/config';
import type { IndexSource, PathIndexPort } from '#libs/paths';
import { createRedis } from '#libs/queue';
import type { PathGraph, PersonRecord } from './path-graph.js';
import { PathIndexRepository } from './path-index.repository.js';
import { ownWriteKey, PathChangePublisher, pathStreamKey } from './path-change.publisher.js';
import { seqOf } from './path-log.relay.js';

export interface PathIndexStatus {
  state: 'off' | 'building' | 'ready';
  appliedSeq: number;
  builds: number;
  /** Times the patched people were folded back into the compressed rows (in turns, while answering). */
  compactions: number;
  lastBuildMs: number | null;
  /** The longest the last build held this process's event loop at once (ms): requests wait that long. */
  lastBuildLongestPauseMs: number | null;
  people: number;
  halfEdges: number;
  arrayBytes: number;
  /** The writing transaction's last statement (before its commit waits its turn) to applied here, over the last changes (ms). */
  freshness: Lags;
  /** The writer seeing its commit succeed to applied here (ms): changes relayed by their own writer, which alone knows that time. */
  sinceCommit: Lags;
  /** Path searches this replica answered from the index, and from Neo4j (building, or the viewer's own write not yet applied). */
  served: { index: number; neo4j: number };
}

interface Lags {
  changes: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

const LAG_WINDOW = 5000;
/** A batch of changes taking longer than this to apply is logged (counts and times only). */
const SLOW_APPLY_MS = 250;
/** Or a change applied this long after its commit. */
const SLOW_CHANGE_MS = 1000;

/**
 * This process's in-memory path index: built from Neo4j at start (Neo4j answers meanwhile), then
 * kept current from the change stream. A change whose number is not the next one means a change
 * was missed (a trimmed stream, a lost Redis): the index rebuilds rather than drift.
 */
@Injectable()
export class PathIndexService implements PathIndexPort, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PathIndex');
  private graph: PathGraph | null = null;
  private applied = 0;
  private builds = 0;
  private compactions = 0;
  private lastBuildMs: number | null = null;
  private lastBuildLongestPauseMs: number | null = null;
  private stopped = false;
  private redis: Redis | null = null;
  private reader: Redis | null = null;
  private waiters: { seq: number; done: () => void }[] = [];
  private loop: Promise<void> | null = null;
  /** [when applied, lag] pairs, the last LAG_WINDOW of each. */
  private readonly lags: [number, number][] = [];
  private readonly commitLags: [number, number][] = [];
  private readonly served = { index: 0, neo4j: 0 };

  constructor(
    @Inject(PathIndexRepository) private readonly repo: PathIndexRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(PathChangePublisher) private readonly publisher: PathChangePublisher,
  ) {}

  private get stream(): string {
    return pathStreamKey(this.config.QUEUE_PREFIX);
  }

  private ownKey(personId: string): string {
    return ownWriteKey(this.config.QUEUE_PREFIX, personId);
  }

  onApplicationBootstrap(): void {
    if (this.config.PATH_INDEX === 'on') this.start();
  }

  /** Starts building and following (at bootstrap when PATH_INDEX=on; benchmarks start it after loading a graph). */
  start(): void {
    if (this.redis) return;
    this.publisher.start();
    this.redis = createRedis(this.config.REDIS_URL);
    this.reader = createRedis(this.config.REDIS_URL);
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.reader?.disconnect();
    await this.loop?.catch(() => undefined);
    this.redis?.disconnect();
  }

  /** Counts only; freshness over the changes applied since `lagsSinceMs` (all that are kept by default). */
  status(lagsSinceMs = 0): PathIndexStatus {
    return {
      state: !this.redis ? 'off' : this.graph ? 'ready' : 'building',
      appliedSeq: this.applied,
      builds: this.builds,
      compactions: this.compactions,
      lastBuildMs: this.lastBuildMs,
      lastBuildLongestPauseMs: this.lastBuildLongestPauseMs,
      people: this.graph?.people ?? 0,
      halfEdges: this.graph?.edges.size() ?? 0,
      arrayBytes: this.graph?.arrayBytes() ?? 0,
      freshness: lagsOf(this.lags, lagsSinceMs),
      sinceCommit: lagsOf(this.commitLags, lagsSinceMs),
      served: { ...this.served },
    };
  }

  /** Resolves once this replica has applied change `seq` (false after `timeoutMs`). */
  caughtUp(seq: number, timeoutMs: number): Promise<boolean> {
    if (this.graph && this.applied >= seq) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { seq, done: () => resolve(true) };
      this.waiters.push(waiter);
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(!!this.graph && this.applied >= seq);
      }, timeoutMs).unref();
    });
  }

  /** The last sequence number handed out, from the graph (tests and benchmarks wait for it). */
  latestSeq(): Promise<number> {
    return this.repo.currentSeq();
  }

  async sourceFor(viewerId: string): Promise<IndexSource | null> {
    const source = await this.trySource(viewerId);
    if (source) this.served.index++;
    else if (this.redis) this.served.neo4j++;
    return source;
  }

  private async trySource(viewerId: string): Promise<IndexSource | null> {
    const graph = this.graph;
    if (!graph || !this.redis) return null;
    let own: string | null;
    try {
      own = await withTimeout(this.redis.get(this.ownKey(viewerId)), 250, () => {
        throw new Error('timeout');
      });
    } catch {
      return null; // Redis away: the viewer's own last write cannot be checked, so Neo4j answers.
    }
    let need = own === null ? 0 : Number(own);
    if (this.config.PATH_INDEX_READS === 'all-writes') need = Math.max(need, await this.repo.currentSeq());
    if (need <= this.applied) return this.graph;
    return (await this.caughtUp(need, this.config.PATH_INDEX_WAIT_MS)) ? this.graph : null;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!this.graph) await this.build();
        await this.follow();
      } catch (error) {
        if (this.stopped) return;
        if (error instanceof MissedChanges) {
          this.logger.warn({ msg: 'path index rebuilding', reason: error.message });
          this.graph = null;
        } else {
          // Redis or Neo4j away: keep the index and carry on from the last change applied once they are
          // back (meanwhile a member's own last write cannot be checked in Redis, so Neo4j answers).
          this.logger.warn({ msg: 'path index paused', reason: (error as Error).message });
          await new Promise((r) => setTimeout(r, 1000));
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  private async build(): Promise<void> {
    const started = Date.now();
    // The API keeps answering (from Neo4j) while it builds: how long the build held the event loop at once says whether it could.
    const pauses = monitorEventLoopDelay({ resolution: 20 });
    pauses.enable();
    try {
      // Everything up to seq0 is in the snapshot; later changes are applied on top (re-reading a person twice is harmless).
      const { graph, seq: seq0 } = await this.repo.build();
      this.applied = seq0;
      this.graph = graph;
    } finally {
      pauses.disable();
    }
    this.builds++;
    this.lastBuildMs = Date.now() - started;
    this.lastBuildLongestPauseMs = Math.round(pauses.max / 1e6);
    this.logger.log({
      msg: 'path index built',
      ms: this.lastBuildMs,
      longestPauseMs: this.lastBuildLongestPauseMs,
      people: this.graph.people,
      halfEdges: this.graph.edges.size(),
      seq: this.applied,
    });
    this.wake();
  }

  /** Applies the stream from the snapshot on; throws on a gap (the caller rebuilds). */
  private async follow(): Promise<void> {
    const reader = this.reader!;
    while (!this.stopped) {
      const reply = await reader.xread('COUNT', 1000, 'BLOCK', 1000, 'STREAMS', this.stream, `${this.applied}-0`);
      if (this.stopped) return;
      const entries = reply?.[0]?.[1] ?? [];
      if (!entries.length) {
        await this.checkBehind();
        continue;
      }
      const people = new Set<string>();
      const states = new Set<string>();
      const times: [number, number][] = [];
      let last = this.applied;
      for (const [id, fields] of entries) {
        const seq = seqOf(id);
        if (seq <= last) continue;
        if (seq !== last + 1) throw new MissedChanges(`change ${last + 1} missing from the stream (next is ${seq})`);
        // An entry relayed by an older version has no `states` field.
        const field = (name: string): string | undefined => {
          const at = fields.indexOf(name);
          return at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
        };
        for (const p of JSON.parse(field('people') ?? '[]') as string[]) people.add(p);
        for (const p of JSON.parse(field('states') ?? '[]') as string[]) states.add(p);
        times.push([Number(field('at')), Number(field('committedAt') ?? NaN)]);
        last = seq;
      }
      const received = Date.now();
      const work = await this.patch(
        [...people],
        [...states].filter((p) => !people.has(p)),
        last,
      );
      this.applied = last;
      this.wake();
      const now = Date.now();
      // Counts and times only: which people changed stays out of the log.
      const oldest = Math.min(...times.map(([at, committedAt]) => (Number.isFinite(committedAt) ? committedAt : at)));
      if (now - received > SLOW_APPLY_MS || now - oldest > SLOW_CHANGE_MS) {
        this.logger.warn({
          msg: 'path index slow to apply changes',
          changes: entries.length,
          people: people.size,
          states: states.size,
          ...work,
          receivedAfterMs: received - oldest,
          ms: now - received,
        });
      }
      for (const [at, committedAt] of times) {
        if (Number.isFinite(at)) this.lags.push([now, now - at]);
        if (Number.isFinite(committedAt)) this.commitLags.push([now, now - committedAt]);
      }
      for (const lags of [this.lags, this.commitLags]) if (lags.length > LAG_WINDOW) lags.splice(0, lags.length - LAG_WINDOW);
      if (this.graph && (await this.graph.compact())) this.compactions++;
    }
  }

  /** With a quiet stream: if the log is ahead and the stream has moved past us, we missed something. */
  private async checkBehind(): Promise<void> {
    const [first] = (await this.redis!.xrange(this.stream, '-', '+', 'COUNT', 1)) as [string, string[]][];
    if (first && seqOf(first[0]) > this.applied + 1) throw new MissedChanges(`stream starts at ${seqOf(first[0])}, after ${this.applied}`);
  }

  /**
   * Applies the changed people's records; returns what it cost: relationships read, time reading and
   * applying, and reads that found the change not yet visible (each then waits 100 ms).
   */
  private async patch(
    ids: string[],
    stateIds: string[],
    seq: number,
  ): Promise<{ relationshipsRead: number; readMs: number; applyMs: number; notYetVisible: number }> {
    const cost = { relationshipsRead: 0, readMs: 0, applyMs: 0, notYetVisible: 0 };
    const read = async <T>(f: () => Promise<T>): Promise<T> => {
      const started = Date.now();
      const result = await f();
      cost.readMs += Date.now() - started;
      return result;
    };
    const apply = (records: PersonRecord[]): string[] => {
      const started = Date.now();
      for (const r of records) cost.relationshipsRead += r.edges.length;
      const unseen = this.graph ? this.graph.apply(records) : [];
      cost.applyMs += Date.now() - started;
      return unseen;
    };
    // The two reads run side by side (each waits its turn in a busy Neo4j); they name different people.
    const [states, records] = await read(() =>
      Promise.all([
        stateIds.length ? this.visible(() => this.repo.states(stateIds, seq), seq, cost) : [],
        ids.length ? this.visible(() => this.repo.people(ids, seq), seq, cost) : [],
      ]),
    );
    if (!this.graph) return cost;
    let todo = [...this.graph.applyStates(states), ...apply(records)];
    while (todo.length && this.graph) {
      const next = todo;
      todo = apply(await read(() => this.visible(() => this.repo.people(next, seq), seq, cost)));
    }
    return cost;
  }

  /** A read that returns null until change `seq` is visible where it ran (a read replica behind): retried, then a rebuild. */
  private async visible<T>(read: () => Promise<T | null>, seq: number, cost?: { notYetVisible: number }): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const found = await read();
      if (found) return found;
      if (cost) cost.notYetVisible++;
      if (attempt >= 50) throw new MissedChanges(`change ${seq} not visible to reads after 5 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private wake(): void {
    const ready = this.waiters.filter((w) => w.seq <= this.applied);
    this.waiters = this.waiters.filter((w) => w.seq > this.applied);
    ready.forEach((w) => w.done());
  }
}

function lagsOf(pairs: [number, number][], sinceMs: number): Lags {
  const values = pairs.filter(([appliedAt]) => appliedAt >= sinceMs).map(([, lag]) => lag);
  return { changes: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max: values.length ? Math.max(...values) : null };
}

function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A change this replica cannot apply in order: only a rebuild makes the index whole again. */
class MissedChanges extends Error {}
