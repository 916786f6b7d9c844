import type { JobName, JobPayloads } from '#libs/queue';

export interface JobContext<N extends JobName> {
  id: string | undefined;
  name: N;
  data: JobPayloads[N];
  attemptsMade: number;
}

/** A handler must be idempotent: delivery is at least once. Throw to have the job retried. */
export type JobHandler<N extends JobName> = (job: JobContext<N>) => Promise<void>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };
