import { Inject, Injectable } from '@nestjs/common';
import { ImportRunner } from '#libs/imports';
import type { JobName } from '#libs/queue';
import type { JobContext } from './job-handler.js';

@Injectable()
export class ImportsProcessor {
  constructor(@Inject(ImportRunner) private readonly runner: ImportRunner) {}

  /** Resumable: a retried or re-delivered job continues after its last committed batch. */
  run(job: JobContext<typeof JobName.ImportRun>): Promise<void> {
    return this.runner.run(job.data.jobId);
  }

  async sweep(_job: JobContext<typeof JobName.ImportSweep>): Promise<void> {
    await this.runner.settleAbandoned();
  }
}
