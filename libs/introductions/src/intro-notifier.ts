import { Inject, Injectable } from '@nestjs/common';
import { ObjectionLinks } from '#libs/auth';
import { toGlobalId } from '#libs/common';
import { AppConfig } from '#libs/config';
import { IdentityKeys, type WorkRoleView } from '#libs/network';
import { NOTIFICATION_TRANSPORT, type NotificationTransport, type OutgoingMessage } from '#libs/notify';
import { workPhrase } from '#libs/paths';
import { IntroMessageKind, jobIdOf, type JobPayloads, type JobName } from '#libs/queue';
import { IntroductionsRepository, type MessageContext } from './introductions.repository.js';

type NotifyJob = JobPayloads[typeof JobName.IntroNotify];

/**
 * Composes a message at send time from the graph (queue payloads hold ids only) and hands it
 * to the transport. Declines stay private: the requester hears the path closed, never who closed it.
 */
@Injectable()
export class IntroNotifier {
  constructor(
    @Inject(IntroductionsRepository) private readonly repo: IntroductionsRepository,
    @Inject(NOTIFICATION_TRANSPORT) private readonly transport: NotificationTransport,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(ObjectionLinks) private readonly links: ObjectionLinks,
    @Inject(IdentityKeys) private readonly identity: IdentityKeys,
  ) {}

  /** Returns what happened, for the job log; 'skipped' when the request or the recipient is gone. */
  async send(job: NotifyJob): Promise<string> {
    const ctx = await this.repo.messageContext(job.requestId, job.recipientId);
    if (!ctx) return 'skipped';
    const message = await this.compose(ctx, job);
    if (!message) return 'skipped';
    return this.transport.send(message);
  }

  private async compose(ctx: MessageContext, job: NotifyJob): Promise<OutgoingMessage | null> {
    const id = jobIdOf('msg', ctx.id, job.kind, job.step, job.attempt, job.recipientId);
    const hello = `Hello ${ctx.recipientName},\n\n`;
    const ref = `\n\nRequest: ${toGlobalId('IntroductionRequest', ctx.id)}\n`;
    const step = ctx.steps[job.step];
    const target = ctx.steps[ctx.steps.length - 1];
    const requester = ctx.requesterName;
    const toRequester = job.recipientId === ctx.requesterId;

    switch (job.kind) {
      case IntroMessageKind.Ask:
      case IntroMessageKind.Reminder: {
        if (!step) return null;
        const next = ctx.steps[job.step + 1];
        const relayed = step.personId !== job.recipientId;
        const asked = relayed ? `whether ${step.name} (your contact, who has no Backr account) would agree` : 'whether you would agree';
        const nextWork = next?.work ? (JSON.parse(next.work) as WorkRoleView) : null;
        const towards = next ? ` to pass it on to ${next.name ?? workPhrase(nextWork)}` : ' to meet them';
        const reminder = job.kind === IntroMessageKind.Reminder;
        return {
          id,
          to: ctx.recipientEmail,
          subject: reminder ? `Reminder: ${requester} is waiting for your answer` : `${requester} asks for an introduction`,
          text:
            `${reminder ? 'A reminder: this ask is still waiting for an answer.\n\n' : ''}${hello}${requester} is looking for a warm introduction and asks ${asked}${towards}.\n\n` +
            `Their note: "${ctx.message}"\n\n` +
            `Answer in Backr (introductionInbox, then respondToIntroduction${relayed ? ' with onBehalfOfPersonId' : ''}). ` +
            `Nobody further along is told who you are unless you agree. The ask expires on ${ctx.expiresAt ?? 'its deadline'}.${ref}`,
        };
      }
      case IntroMessageKind.Introduced: {
        if (toRequester) {
          return {
            id,
            to: ctx.recipientEmail,
            subject: `${target.name} agreed to an introduction`,
            text:
              `${hello}Good news: ${target.name} agreed to meet you.\n\n` +
              `Contact: ${[target.email, target.phone].filter(Boolean).join(', ') || 'ask the person who introduced you'}\n\n` +
              `When you have met (or if you do not), record how it went with recordIntroOutcome.${ref}`,
          };
        }
        const recorder = ctx.recorders.find((r) => r.id === target.recordedBy)?.name ?? 'someone who knows you';
        const notice =
          !target.isAccount && target.email && (await this.repo.claimFirstNotice(job.recipientId, id))
            ? `\n\nWhy you are getting this: ${recorder} recorded your contact details in ${this.config.DATA_CONTROLLER}, ` +
              `which holds them to arrange introductions you agree to. To have your details removed and never recorded again, open ` +
              `${await this.links.link(job.recipientId, this.identity.key('email', target.email))}\nTo see what is held about you, or for anything else, write to ${this.config.PRIVACY_CONTACT}.`
            : '';
        return {
          id,
          to: target.email,
          subject: `Introduction: ${requester}`,
          text:
            `${hello}As agreed, here is your introduction to ${requester}. Their note: "${ctx.message}"\n\n` +
            `Contact: ${ctx.requesterEmail ?? 'reply through the person who asked you'}${notice}${ref}`,
        };
      }
      case IntroMessageKind.Closed:
        return {
          id,
          to: ctx.recipientEmail,
          subject: 'Your introduction request has closed',
          text:
            `${hello}Your introduction request could not go further along this path, so it is closed. ` +
            `This happens: people are busy or it is not the right time. Backr will look for another path to the same person and tell you if there is one.${ref}`,
        };
      case IntroMessageKind.Rerouted:
        return {
          id,
          to: ctx.recipientEmail,
          subject: 'Another path for your introduction',
          text:
            `${hello}There is another path to the person you asked to meet. Nothing has been sent yet: ` +
            `look at nextPath on your request and confirm it with requestIntroduction if you would like to ask.${ref}`,
        };
      case IntroMessageKind.OutcomeNudge:
        return {
          id,
          to: ctx.recipientEmail,
          subject: 'How did your introduction go?',
          text:
            `${hello}You were introduced to ${target.name}. Did you meet, and what came of it? ` +
            `Recording it (recordIntroOutcome) helps you and your coach see what is working.${ref}`,
        };
      default:
        return null;
    }
  }
}
