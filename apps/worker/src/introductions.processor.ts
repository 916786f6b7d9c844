import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '#libs/config';
import { IntroductionsService, IntroNotifier } from '#libs/introductions';
import { IntroMessageKind, jobIdOf, JobName, QueueService } from '#libs/queue';
import type { JobContext } from './job-handler.js';

/** Thin handlers: the service decides, under a lock, whether the job still applies (replays change nothing). */
@Injectable()
export class IntroductionsProcessor {
  private readonly logger = new Logger('Introductions');

  constructor(
    @Inject(IntroductionsService) private readonly intros: IntroductionsService,
    @Inject(IntroNotifier) private readonly notifier: IntroNotifier,
    @Inject(QueueService) private readonly queues: QueueService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  dispatch(job: JobContext<typeof JobName.IntroDispatch>): Promise<void> {
    return this.intros.dispatch(job.data.requestId, job.data.step);
  }

  async remind(job: JobContext<typeof JobName.IntroRemind>): Promise<void> {
    await this.intros.remind(job.data.requestId, job.data.step, job.data.attempt);
  }

  expire(job: JobContext<typeof JobName.IntroExpire>): Promise<void> {
    return this.intros.expire(job.data.requestId, job.data.step, job.data.attempt);
  }

  /** Scheduled: the safety net under the expiry jobs. */
  async sweep(_job: JobContext<typeof JobName.IntroSweep>): Promise<void> {
    const { ended, failed, error } = await this.intros.expireOverdue(this.config.INTRO_SWEEP_AFTER_SECONDS * 1000);
    if (ended) this.logger.warn({ msg: 'ended open asks past their deadline whose expiry job never ran', asks: ended });
    if (failed) this.logger.error({ msg: 'could not end open asks past their deadline; the next sweep tries again', asks: failed, error });
  }

  reroute(job: JobContext<typeof JobName.IntroReroute>): Promise<void> {
    return this.intros.reroute(job.data.requestId);
  }

  waitCheck(job: JobContext<typeof JobName.IntroWaitCheck>): Promise<void> {
    return this.intros.waitCheck(job.data.requestId, job.data.step, job.data.attempt, job.data.final);
  }

  async outcomeNudge(job: JobContext<typeof JobName.IntroOutcomeNudge>): Promise<void> {
    const requesterId = await this.intros.needsOutcome(job.data.requestId);
    if (!requesterId) return;
    const data = { requestId: job.data.requestId, kind: IntroMessageKind.OutcomeNudge, recipientId: requesterId, step: 0, attempt: 0 };
    await this.queues.enqueue(JobName.IntroNotify, data, { jobId: jobIdOf('notify', data.requestId, data.kind, 0, 0, requesterId) });
  }

  async notify(job: JobContext<typeof JobName.IntroNotify>): Promise<void> {
    const result = await this.notifier.send(job.data);
    this.logger.debug({ msg: 'notification', kind: job.data.kind, jobId: job.id, result });
  }
}
