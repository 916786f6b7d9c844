import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import neo4j, { type Driver, type ManagedTransaction, type QueryResult, type RecordShape } from 'neo4j-driver';
import { withTimeout } from '#libs/common';
import { AppConfig } from '#libs/config';
import { mapNeo4jError } from './neo4j-errors.js';
import { committed, writePathChange } from './path-changes.js';

export type Params = Record<string, unknown>;
export type Tx = ManagedTransaction;

/**
 * The only holder of the Neo4j driver. Reads and writes go through managed transactions
 * (executeRead / executeWrite) so that transient failures are retried by the driver and a
 * failing unit of work leaves nothing behind.
 */
@Injectable()
export class Neo4jService implements OnApplicationShutdown {
  private readonly logger = new Logger('Neo4j');
  readonly driver: Driver;
  private readonly database: string;
  /** Benchmarks only: PROFILE every readRows query and add up its db hits here. */
  private profiling = false;
  dbHits = 0;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.database = config.NEO4J_DATABASE;
    slowQueryMs = config.NEO4J_SLOW_QUERY_MS;
    this.driver = neo4j.driver(config.NEO4J_URI, neo4j.auth.basic(config.NEO4J_USER, config.NEO4J_PASSWORD), {
      disableLosslessIntegers: true,
      maxConnectionPoolSize: 100,
      connectionTimeout: 5_000,
      connectionAcquisitionTimeout: 10_000,
      maxTransactionRetryTime: RETRY_FOR_MS,
      logging: { level: 'warn', logger: (level, message) => this.logger.warn(`${level}: ${message}`) },
    });
  }

  async read<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead(work);
    } catch (error) {
      throw mapNeo4jError(error);
    } finally {
      await session.close();
    }
  }

  async write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      // The driver may retry with a new transaction: only the attempt that committed reports its path changes.
      let last: Tx | null = null;
      const result = await session.executeWrite(async (tx) => {
        last = tx;
        const value = await work(tx);
        await writePathChange(tx);
        return value;
      });
      if (last) await committed(last);
      return result;
    } catch (error) {
      throw mapNeo4jError(error);
    } finally {
      await session.close();
    }
  }

  /**
   * One read query, rows as plain objects. A single statement needs no explicit transaction: it runs
   * as one auto-commit query, one round trip where BEGIN, RUN and COMMIT take two (about 0.4 ms and
   * a share of the database's CPU on every read). Transient failures are retried as the driver's
   * managed transactions retry them.
   */
  async readRows<R extends RecordShape>(cypher: string, params: Params = {}): Promise<R[]> {
    const deadline = Date.now() + RETRY_FOR_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.autoCommitRead<R>(cypher, params);
      } catch (error) {
        const wait = retryDelayMs(attempt);
        if (!neo4j.isRetryableError(error) || Date.now() + wait > deadline) throw mapNeo4jError(error);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private async autoCommitRead<R extends RecordShape>(cypher: string, params: Params): Promise<R[]> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      const started = slowQueryMs > 0 ? performance.now() : 0;
      const result = await session.run<R>(this.profiling ? `PROFILE ${cypher}` : cypher, params);
      if (slowQueryMs > 0) noteSlow(cypher, performance.now() - started);
      if (this.profiling) this.dbHits += totalDbHits(result.summary.profile);
      return rows<R>(result);
    } finally {
      // The rows are in hand (or the error is): a failure to release the connection changes neither.
      await session.close().catch(() => undefined);
    }
  }

  /** Benchmarks: count the db hits of every read query from now on (see dbHits). */
  profileReads(on: boolean): void {
    this.profiling = on;
  }

  /** One write query, rows as plain objects. */
  async writeRows<R extends RecordShape>(cypher: string, params: Params = {}): Promise<R[]> {
    return this.write((tx) => runRows<R>(tx, cypher, params));
  }

  /** Schema statements cannot run in managed transactions with data; they use auto-commit. */
  async runSchema(cypher: string): Promise<void> {
    const session = this.driver.session({ database: this.database });
    try {
      await session.run(cypher);
    } catch (error) {
      throw mapNeo4jError(error);
    } finally {
      await session.close();
    }
  }

  /** One attempt, at most 2 s: health checks must answer during an outage, not retry through it. */
  async ping(): Promise<boolean> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await withTimeout(
        session.run('RETURN 1').then(() => true),
        2000,
        () => false,
      );
    } catch {
      return false;
    } finally {
      void session.close().catch(() => undefined);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.driver.close();
  }
}

const RETRY_FOR_MS = 15_000;

/** The driver's own backoff for managed transactions: 1 s, doubling, with 20% jitter. */
function retryDelayMs(attempt: number): number {
  const base = 1000 * 2 ** attempt;
  return base * (0.8 + Math.random() * 0.4);
}

interface ProfileNode {
  dbHits: number;
  children: ProfileNode[];
}

function totalDbHits(profile: ProfileNode | false | null | undefined): number {
  if (!profile) return 0;
  return profile.dbHits + profile.children.reduce((sum, child) => sum + totalDbHits(child), 0);
}

export function rows<R extends RecordShape>(result: QueryResult<R>): R[] {
  return result.records.map((r) => r.toObject());
}

export async function runRows<R extends RecordShape>(tx: Tx, cypher: string, params: Params = {}): Promise<R[]> {
  const started = slowQueryMs > 0 ? performance.now() : 0;
  const result = rows<R>(await tx.run<R>(cypher, params));
  if (slowQueryMs > 0) noteSlow(cypher, performance.now() - started);
  return result;
}

/** NEO4J_SLOW_QUERY_MS: queries slower than this are logged (their text only, never parameters). */
let slowQueryMs = 0;
const slowLog = new Logger('SlowQuery');
function noteSlow(cypher: string, ms: number): void {
  if (ms >= slowQueryMs) slowLog.warn({ msg: 'slow query', ms: Math.round(ms), cypher: cypher.replace(/\s+/g, ' ').slice(0, 160) });
}
