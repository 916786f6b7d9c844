import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { withTimeout } from '#libs/common';
import type { Tx } from '#libs/graph';
import { JobOutboxRepository } from './job-outbox.repository.js';
import type { JobName, JobPayloads, PlannedJob } from './queue.contracts.js';
import { QueueService } from './queue.service.js';

/**
 * Transactional outbox. A state change records the jobs it needs in the same Neo4j transaction;
 * after the commit they are handed to BullMQ with their deterministic ids and removed. If the
 * process dies in between, the worker's sweep hands them over later: no decided job is lost,
 * and none runs twice (same job id, idempotent handlers).
 */
@Injectable()
export class JobOutbox implements OnApplicationShutdown {
  private readonly logger = new Logger('JobOutbox');
  /** Handed over, not yet removed from the graph: removed in batches, off the request's path. */
  private readonly handedOver = new Set<string>();
  private removal: NodeJS.Timeout | null = null;

  constructor(
    @Inject(JobOutboxRepository) private readonly repo: JobOutboxRepository,
    @Inject(QueueService) private readonly queues: QueueService,
  ) {}

  record(tx: Tx, jobs: PlannedJob[]): Promise<void> {
    return this.repo.record(tx, jobs);
  }

  /** After commit. A failure here is logged, not thrown: the state change stands and the sweep retries. */
  async flush(jobs: PlannedJob[]): Promise<void> {
    if (!jobs.length) return;
    try {
      // Bounded: while Redis is away a request must not wait for it; the sweep hands the jobs over later.
      await withTimeout(Promise.all(jobs.map((j) => this.enqueue(j))), FLUSH_TIMEOUT_MS, () => {
        throw new Error('Redis did not take the jobs in time');
      });
      jobs.forEach((j) => this.handedOver.add(j.jobId));
      this.removal ??= setTimeout(() => void this.removeHandedOver(), 250);
    } catch (error) {
      this.logger.warn({ msg: 'jobs left in the outbox for the sweep', jobs: jobs.length, error: (error as Error).name, detail: (error as Error).message });
    }
  }

  /** If this fails (or the process dies first), the sweep finds the jobs, re-adds them (a no-op by job id) and removes them. */
  private async removeHandedOver(): Promise<void> {
    this.removal = null;
    const ids = [...this.handedOver];
    this.handedOver.clear();
    try {
      await this.repo.remove(ids);
    } catch {
      // left for the sweep
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.removal) clearTimeout(this.removal);
    if (this.handedOver.size) await this.removeHandedOver();
  }

  /** Hands over jobs that waited longer than `olderThanMs`; returns how many. */
  async sweep(olderThanMs = 30_000, limit = 500): Promise<number> {
    const rows = await this.repo.stale(olderThanMs, limit);
    for (const row of rows) {
      await this.enqueue({ name: row.name as JobName, data: JSON.parse(row.data) as JobPayloads[JobName], jobId: row.jobId, runAt: row.runAt ?? undefined });
    }
    await this.repo.remove(rows.map((r) => r.jobId));
    return rows.length;
  }

  private async enqueue(job: PlannedJob): Promise<void> {
    const delay = job.runAt ? Math.max(0, job.runAt - Date.now()) : undefined;
    await this.queues.enqueue(job.name, job.data, { jobId: job.jobId, delay });
  }
}

const FLUSH_TIMEOUT_MS = 2000;

/** A deterministic BullMQ job id (BullMQ refuses ':' in custom ids). */
export function jobIdOf(...parts: (string | number)[]): string {
  return parts.map((p) => String(p).replace(/[^A-Za-z0-9_-]/g, '_')).join('.');
}

/** The one queue job of an import (enqueued at upload, removed at erasure, checked by the worker's sweep). */
export const importQueueJobId = (importId: string): string => jobIdOf('import', importId);
