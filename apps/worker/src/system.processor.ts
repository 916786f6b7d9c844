import { Inject, Injectable } from '@nestjs/common';
import { HEARTBEAT_KEY, JobName, QueueService } from '#libs/queue';
import type { JobContext } from './job-handler.js';

/** Records that a worker is alive and processing; /health reports it. */
@Injectable()
export class SystemProcessor {
  constructor(@Inject(QueueService) private readonly queues: QueueService) {}

  async heartbeat(_job: JobContext<typeof JobName.Heartbeat>): Promise<void> {
    await this.queues.connection.set(HEARTBEAT_KEY, new Date().toISOString(), 'EX', 120);
  }
}
