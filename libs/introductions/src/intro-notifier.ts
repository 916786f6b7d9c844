import { Inject, Injectable } from '@nestjs/common';
import { ObjectionLinks } from '#libs/auth';
import { AppConfig } from '#libs/config';
import { IdentityKeys } from '#libs/network';
import { NOTIFICATION_TRANSPORT, type NotificationTransport } from '#libs/notify';
import { IntroMessageKind, jobIdOf, type JobPayloads, type JobName } from '#libs/queue';
import { composeMail } from './intro-mail.js';
import { IntroPeopleRepository } from './intro-people.repository.js';
import { IntroductionsRepository } from './introductions.repository.js';

type NotifyJob = JobPayloads[typeof JobName.IntroNotify];

/**
 * Composes a message at send time from the graph (queue payloads hold ids only) and hands it
 * to the transport. Declines stay private: the requester hears the path closed, never who closed it.
 */
@Injectable()
export class IntroNotifier {
  constructor(
    @Inject(IntroductionsRepository) private readonly repo: IntroductionsRepository,
    @Inject(IntroPeopleRepository) private readonly people: IntroPeopleRepository,
    @Inject(NOTIFICATION_TRANSPORT) private readonly transport: NotificationTransport,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(ObjectionLinks) private readonly links: ObjectionLinks,
    @Inject(IdentityKeys) private readonly identity: IdentityKeys,
  ) {}

  /** Returns what happened, for the job log; 'skipped' when the request or the recipient is gone. */
  async send(job: NotifyJob): Promise<string> {
    const ctx = await this.people.messageContext(job.requestId, job.recipientId);
    if (!ctx) return 'skipped';
    const id = jobIdOf('msg', ctx.id, job.kind, job.step, job.attempt, job.recipientId);
    const target = ctx.steps[ctx.steps.length - 1];
    // The objection link acts on the records that hold the address the mail goes to (the relaying recorder's).
    const sentTo = target && !target.isAccount ? target.relayEmail : null;
    const firstNotice =
      job.kind === IntroMessageKind.Introduced && job.recipientId !== ctx.requesterId && sentTo ? await this.repo.claimFirstNotice(job.recipientId, id) : false;
    const settings = { publicUrl: this.config.PUBLIC_URL, privacyContact: this.config.PRIVACY_CONTACT, dataController: this.config.DATA_CONTROLLER };
    const mail = composeMail(ctx, job, settings, {
      objectionLink: firstNotice && sentTo ? await this.links.link(job.recipientId, this.identity.key('email', sentTo)) : null,
    });
    if (!mail) return 'skipped';
    return this.transport.send({ id, ...mail });
  }
}
