import { Inject, Injectable } from '@nestjs/common';
import { toGlobalId } from '#libs/common';
import { AppConfig } from '#libs/config';
import { NOTIFICATION_TRANSPORT, type NotificationTransport, type OutgoingMessage } from '#libs/notify';
import { workPhrase } from '#libs/paths';
import { IntroMessageKind, jobIdOf, type JobPayloads, type JobName } from '#libs/queue';
import type { RequestRecord } from './intro.types.js';
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
    @Inject(NOTIFICATION_TRANSPORT) private readonly transport: NotificationTransport,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Returns what happened, for the job log; 'skipped' when the request is gone. */
  async send(job: NotifyJob): Promise<string> {
    const rec = await this.repo.load(job.requestId);
    if (!rec) return 'skipped';
    const message = await this.compose(rec, job);
    if (!message) return 'skipped';
    return this.transport.send(message);
  }

  private async compose(rec: RequestRecord, job: NotifyJob): Promise<OutgoingMessage | null> {
    const id = jobIdOf('msg', rec.id, job.kind, job.step, job.attempt, job.recipientId);
    const names = new Map((await this.repo.displayNames([rec.requesterId, job.recipientId, ...rec.steps.map((s) => s.personId)])).map((p) => [p.id, p.displayName]));
    const recipient = names.get(job.recipientId) ?? 'there';
    const requester = names.get(rec.requesterId) ?? 'A Backr member';
    const ref = `Request: ${toGlobalId('IntroductionRequest', rec.id)}`;
    const step = rec.steps[job.step];
    const target = rec.steps[rec.steps.length - 1];
    const to = async (personId: string, recordedBy: string | null) => (await this.repo.contact(personId, recordedBy)).email;

    switch (job.kind) {
      case IntroMessageKind.Ask:
      case IntroMessageKind.Reminder: {
        if (!step) return null;
        const next = rec.steps[job.step + 1];
        const relayed = step.personId !== job.recipientId;
        const asked = relayed ? `whether ${names.get(step.personId)} (your contact, who has no Backr account) would agree` : 'whether you would agree';
        const towards = next ? ` to pass it on to ${names.get(next.personId) ?? workPhrase(next.work)}` : ' to meet them';
        const lead = job.kind === IntroMessageKind.Reminder ? 'A reminder: this ask is still waiting for an answer.\n\n' : '';
        return {
          id,
          to: await to(job.recipientId, null),
          subject: job.kind === IntroMessageKind.Reminder ? `Reminder: ${requester} is waiting for your answer` : `${requester} asks for an introduction`,
          text:
            `${lead}Hello ${recipient},\n\n${requester} is looking for a warm introduction and asks ${asked}${towards}.\n\n` +
            `Their note: "${rec.message}"\n\n` +
            `Answer in Backr (introductionInbox, then respondToIntroduction${relayed ? ' with onBehalfOfPersonId' : ''}). ` +
            `Nobody further along is told who you are unless you agree. The ask expires on ${rec.expiresAt ?? 'its deadline'}.\n\n${ref}\n`,
        };
      }
      case IntroMessageKind.Introduced: {
        const forRequester = job.recipientId === rec.requesterId;
        if (forRequester) {
          const contact = await this.repo.contact(target.personId, target.recordedBy);
          return {
            id,
            to: await to(rec.requesterId, null),
            subject: `${names.get(target.personId)} agreed to an introduction`,
            text:
              `Hello ${recipient},\n\nGood news: ${names.get(target.personId)} agreed to meet you.\n\n` +
              `Contact: ${[contact.email, contact.phone].filter(Boolean).join(', ') || 'ask the person who introduced you'}\n\n` +
              `When you have met (or if you do not), record how it went with recordIntroOutcome.\n\n${ref}\n`,
          };
        }
        const hasAccount = target.personIsAccount;
        const requesterEmail = (await this.repo.contact(rec.requesterId, null)).email;
        const notice =
          !hasAccount && (await this.repo.claimFirstNotice(job.recipientId, id))
            ? `\n\nWhy you are getting this: ${names.get(target.recordedBy) ?? 'someone who knows you'} recorded your contact details in ${this.config.DATA_CONTROLLER}, ` +
              `which holds them to arrange introductions you agree to. To see or remove what is held about you, or to object, write to ${this.config.PRIVACY_CONTACT}.`
            : '';
        return {
          id,
          to: await to(target.personId, target.recordedBy),
          subject: `Introduction: ${requester}`,
          text:
            `Hello ${recipient},\n\nAs agreed, here is your introduction to ${requester}. Their note: "${rec.message}"\n\n` +
            `Contact: ${requesterEmail ?? 'reply through the person who asked you'}${notice}\n\n${ref}\n`,
        };
      }
      case IntroMessageKind.Closed:
        return {
          id,
          to: await to(rec.requesterId, null),
          subject: 'Your introduction request has closed',
          text:
            `Hello ${recipient},\n\nYour introduction request could not go further along this path, so it is closed. ` +
            `This happens: people are busy or it is not the right time. Backr will look for another path to the same person and tell you if there is one.\n\n${ref}\n`,
        };
      case IntroMessageKind.Rerouted:
        return {
          id,
          to: await to(rec.requesterId, null),
          subject: 'Another path for your introduction',
          text:
            `Hello ${recipient},\n\nThere is another path to the person you asked to meet. Nothing has been sent yet: ` +
            `look at nextPath on your request and confirm it with requestIntroduction if you would like to ask.\n\n${ref}\n`,
        };
      case IntroMessageKind.OutcomeNudge:
        return {
          id,
          to: await to(rec.requesterId, null),
          subject: 'How did your introduction go?',
          text:
            `Hello ${recipient},\n\nYou were introduced to ${names.get(target.personId)}. Did you meet, and what came of it? ` +
            `Recording it (recordIntroOutcome) helps you and your coach see what is working.\n\n${ref}\n`,
        };
      default:
        return null;
    }
  }
}
