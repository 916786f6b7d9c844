import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig } from '#libs/config';
import {
  checkRedisPolicy,
  createRedis,
  HEARTBEAT_KEY,
  JobName,
  JobOutbox,
  settleWithin,
  JobQueue,
  QueueName,
  QueueService,
  type JobPayloads,
} from '#libs/queue';
import type { JobHandlers } from './job-handler.js';
import { CoachingProcessor } from './coaching.processor.js';
import { ImportsProcessor } from './imports.processor.js';
import { IntroductionsProcessor } from './introductions.processor.js';
import { SystemProcessor } from './system.processor.js';

const HEARTBEAT_EVERY_MS = 15_000;
const OUTBOX_SWEEP_EVERY_MS = 15_000;
/** The import and introduction sweeps: the safety nets under jobs that failed for good or were lost. */
const SWEEP_EVERY_MS = 15_000;
const SHUTDOWN_GRACE_MS = 30_000;
/**
 * BullMQ fails a job for good once it stalls more often than this. A stall is a lost lock: a worker
 * that died, or one whose lock renewal came late on a busy machine. Handlers are idempotent, so running
 * a stalled job again is always safe; BullMQ's default of 1 let a late renewal plus a real crash fail
 * a job that would have succeeded.
 */
const MAX_STALLED = 5;

/** Jobs the worker schedules itself: their payload says only that. */
type ScheduledJobName = { [N in JobName]: JobPayloads[N] extends { scheduledBy: 'worker' } ? N : never }[JobName];

/**
 * Runs one BullMQ worker per queue and dispatches by job name. It refuses to start when a
 * job name has no handler, and on shutdown lets the job in hand finish before closing.
 */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly workers: Worker[] = [];
  private readonly connections: Redis[] = [];
  private readonly handlers: JobHandlers;
  /** Jobs held after their work and before acknowledgement (reliability tests kill the worker there). */
  private readonly faultJobs: Set<string>;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(QueueService) private readonly queues: QueueService,
    @Inject(JobOutbox) private readonly outbox: JobOutbox,
    @Inject(SystemProcessor) system: SystemProcessor,
    @Inject(IntroductionsProcessor) intros: IntroductionsProcessor,
    @Inject(ImportsProcessor) imports: ImportsProcessor,
    @Inject(CoachingProcessor) coaching: CoachingProcessor,
  ) {
    this.handlers = {
      [JobName.Heartbeat]: (job) => system.heartbeat(job),
      [JobName.OutboxSweep]: (job) => system.outboxSweep(job),
      [JobName.IntroDispatch]: (job) => intros.dispatch(job),
      [JobName.IntroRemind]: (job) => intros.remind(job),
      [JobName.IntroExpire]: (job) => intros.expire(job),
      [JobName.IntroReroute]: (job) => intros.reroute(job),
      [JobName.IntroOutcomeNudge]: (job) => intros.outcomeNudge(job),
      [JobName.IntroWaitCheck]: (job) => intros.waitCheck(job),
      [JobName.IntroSweep]: (job) => intros.sweep(job),
      [JobName.IntroNotify]: (job) => intros.notify(job),
      [JobName.ImportRun]: (job) => imports.run(job),
      [JobName.ImportSweep]: (job) => imports.sweep(job),
      [JobName.CoachNudge]: (job) => coaching.nudge(job),
    };
    this.faultJobs = new Set(
      config.WORKER_FAULT_DELAY_MS > 0
        ? config.WORKER_FAULT_JOBS.split(',')
            .map((j) => j.trim())
            .filter(Boolean)
        : [],
    );
    const missing = Object.values(JobName).filter((name) => typeof this.handlers[name] !== 'function');
    if (missing.length) throw new Error(`no handler for job(s): ${missing.join(', ')}`);
  }

  async onApplicationBootstrap(): Promise<void> {
    const problems = await checkRedisPolicy(this.queues.connection);
    if (problems.length) throw new Error(`refusing to start: Redis would lose queued jobs (${problems.join('; ')})`);
    await this.handOverLeftJobs();
    for (const queue of Object.values(QueueName)) {
      const connection = createRedis(this.config.REDIS_URL);
      this.connections.push(connection);
      const worker = new Worker(queue, (job) => this.dispatch(job), {
        connection,
        prefix: this.config.QUEUE_PREFIX,
        // Notifications wait on I/O (graph read, mail transport); state changes serialise on locks anyway.
        concurrency: queue === QueueName.Notifications ? 32 : queue === QueueName.Imports ? 2 : 8,
        lockDuration: this.config.WORKER_LOCK_MS,
        stalledInterval: this.config.WORKER_LOCK_MS,
        maxStalledCount: MAX_STALLED,
      });
      worker.on('stalled', (jobId) => this.logger.warn({ msg: 'job stalled: its worker lost its lock', queue, jobId }));
      worker.on('failed', (job, error) =>
        this.logger.warn({ msg: 'job failed', queue, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, error: error.name, detail: error.message }),
      );
      let lastError = 0;
      worker.on('error', (error) => {
        // A Redis outage raises this on every reconnect attempt: one line per queue per 30 s says enough.
        if (Date.now() - lastError < 30_000) return;
        lastError = Date.now();
        this.logger.error({ msg: 'worker error', queue, error: error.name, detail: error.message });
      });
      this.workers.push(worker);
    }
    const schedules: [key: string, everyMs: number, name: ScheduledJobName][] = [
      ['worker-heartbeat', HEARTBEAT_EVERY_MS, JobName.Heartbeat],
      ['outbox-sweep', OUTBOX_SWEEP_EVERY_MS, JobName.OutboxSweep],
      ['import-sweep', SWEEP_EVERY_MS, JobName.ImportSweep],
      ['intro-sweep', SWEEP_EVERY_MS, JobName.IntroSweep],
      ['coach-nudge', this.config.COACH_NUDGE_EVERY_SECONDS * 1000, JobName.CoachNudge],
    ];
    for (const [key, every, name] of schedules) {
      await this.queues.queue(JobQueue[name]).upsertJobScheduler(key, { every }, { name, data: { scheduledBy: 'worker' } });
    }
    await this.queues.connection.set(HEARTBEAT_KEY, new Date().toISOString(), 'EX', 120);
    this.logger.log({ msg: 'worker started', queues: Object.values(QueueName), jobs: Object.values(JobName) });
  }

  /**
   * A worker killed between a job's commit and its handover to Redis leaves the jobs that change
   * planned in the outbox; its restart is the moment to hand them over, whatever their age, rather than
   * the periodic sweep's 30 to 45 s later. Jobs a live API is handing over at the same time are added
   * twice under one id, which BullMQ ignores.
   */
  private async handOverLeftJobs(): Promise<void> {
    try {
      // One bounded pass: a busy API always has a few jobs in flight, so "until empty" might never end.
      const moved = await this.outbox.sweep(0, 5_000);
      if (moved) this.logger.warn({ msg: 'moved jobs left in the outbox to the queue', jobs: moved, at: 'start' });
    } catch (error) {
      // Neo4j away at start: the periodic sweep hands them over once it is back.
      this.logger.warn({ msg: 'could not sweep the outbox at start', error: (error as Error).name, detail: (error as Error).message });
    }
  }

  private async dispatch(job: Job): Promise<void> {
    const name = job.name as JobName;
    const handler = this.handlers[name] as ((j: unknown) => Promise<void>) | undefined;
    if (!handler || JobQueue[name] !== job.queueName) throw new Error(`unknown job ${job.name} on queue ${job.queueName}`);
    await handler({ id: job.id, name, data: job.data as unknown, attemptsMade: job.attemptsMade });
    if (this.faultJobs.has(name)) await new Promise((r) => setTimeout(r, this.config.WORKER_FAULT_DELAY_MS));
  }

  async onApplicationShutdown(): Promise<void> {
    // close() waits for the jobs in hand to finish; past the grace period (Redis gone, say) they are
    // left to BullMQ's stalled-job recovery, which hands them to the next worker.
    await settleWithin(Promise.all(this.workers.map((w) => w.close())), SHUTDOWN_GRACE_MS);
    for (const connection of this.connections) connection.disconnect();
  }
}
