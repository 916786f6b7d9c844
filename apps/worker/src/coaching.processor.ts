import { Inject, Injectable, Logger } from '@nestjs/common';
import { CoachAssignmentService, CoachingService } from '#libs/coaching';
import type { JobName } from '#libs/queue';
import type { JobContext } from './job-handler.js';

@Injectable()
export class CoachingProcessor {
  private readonly logger = new Logger('Coaching');

  constructor(
    @Inject(CoachingService) private readonly coaching: CoachingService,
    @Inject(CoachAssignmentService) private readonly assignments: CoachAssignmentService,
  ) {}

  async nudge(_job: JobContext<typeof JobName.CoachNudge>): Promise<void> {
    const { flagged, notified } = await this.coaching.nudgeStalled();
    if (flagged || notified) this.logger.log({ msg: 'stalled members flagged to their coaches', flagged, notified });
    // Precompute: keep coached members' reach fresh so caseloads read it instead of running the path engine.
    const refreshed = await this.coaching.refreshReach();
    // Assignment notices are sent right after their change commits; this sends any a crash left behind.
    const sent = await this.assignments.sendPendingNotices();
    if (sent) this.logger.log({ msg: 'coaching notices sent', count: sent });
    if (refreshed) this.logger.log({ msg: 'reach to goal work refreshed', members: refreshed });
  }
}
