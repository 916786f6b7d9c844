import { Inject, Injectable } from '@nestjs/common';
import { Neo4jService, runRows, type Tx } from '#libs/graph';
import type { PlannedJob } from './queue.contracts.js';

export interface PendingJobRow {
  jobId: string;
  name: string;
  data: string;
  runAt: number | null;
}

/** The graph side of the transactional outbox: jobs written in the same transaction as the state that needs them. */
@Injectable()
export class JobOutboxRepository {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  async record(tx: Tx, jobs: PlannedJob[]): Promise<void> {
    if (!jobs.length) return;
    await runRows(
      tx,
      `UNWIND $jobs AS j
       MERGE (p:PendingJob {id: j.jobId})
       ON CREATE SET p.name = j.name, p.data = j.data, p.runAt = j.runAt, p.createdAt = timestamp()`,
      { jobs: jobs.map((j) => ({ jobId: j.jobId, name: j.name, data: JSON.stringify(j.data), runAt: j.runAt ?? null })) },
    );
  }

  async remove(jobIds: string[]): Promise<void> {
    if (!jobIds.length) return;
    await this.neo4j.writeRows(`UNWIND $jobIds AS id MATCH (p:PendingJob {id: id}) DELETE p`, { jobIds });
  }

  /** Jobs still in the outbox after `olderThanMs`: their request's process died before handing them to Redis. */
  stale(olderThanMs: number, limit: number): Promise<PendingJobRow[]> {
    return this.neo4j.readRows<PendingJobRow>(
      `MATCH (p:PendingJob) WHERE p.createdAt < timestamp() - $olderThanMs
       RETURN p.id AS jobId, p.name AS name, p.data AS data, p.runAt AS runAt
       ORDER BY p.createdAt LIMIT toInteger($limit)`,
      { olderThanMs, limit },
    );
  }
}
