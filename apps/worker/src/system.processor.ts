import { Inject, Injectable } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { HEARTBEAT_KEY, JobName, JobOutbox, QueueService } from '#libs/queue';
import type { JobContext } from './job-handler.js';

/** Records that a worker is alive and processing; /health reports it. */
@Injectable()
export class SystemProcessor {
  private readonly logger = new Logger('System');

  constructor(
    @Inject(QueueService) private readonly queues: QueueService,
    @Inject(JobOutbox) private readonly outbox: JobOutbox,
  ) {}

  /** Hands to Redis the jobs a crashed API process committed but never enqueued. */
  async outboxSweep(_job: JobContext<typeof JobName.OutboxSweep>): Promise<void> {
    const moved = await this.outbox.sweep();
    if (moved) this.logger.warn({ msg: 'moved jobs left in the outbox to the queue', jobs: moved });
  }

  async heartbeat(_job: JobContext<typeof JobName.Heartbeat>): Promise<void> {
    await this.queues.connection.set(HEARTBEAT_KEY, new Date().toISOString(), 'EX', 120);
  }
}
