import { Global, Module } from '@nestjs/common';
import { JobOutbox } from './job-outbox.js';
import { JobOutboxRepository } from './job-outbox.repository.js';
import { QueueService } from './queue.service.js';

@Global()
@Module({ providers: [QueueService, JobOutboxRepository, JobOutbox], exports: [QueueService, JobOutbox] })
export class QueueModule {}
