import { toGlobalId } from '#libs/common';
import { dateInWords } from '#libs/notify';
import { workPhrase } from '#libs/paths';
import { IntroMessageKind } from '#libs/queue';
import type { MessageContext, MessageStep } from './intro-people.repository.js';

/** What a mail needs beyond the request itself; read from configuration and the graph by the notifier. */
export interface MailSettings {
  publicUrl: string;
  privacyContact: string;
  dataController: string;
}

export interface MailJob {
  kind: IntroMessageKind;
  recipientId: string;
  step: number;
}

export interface MailExtras {
  /** The objection link, when this is the first message to a person without an account. */
  objectionLink?: string | null;
}

export interface Mail {
  subject: string;
  text: string;
  /** Null when there is nobody to write to. */
  to: string | null;
}

export { dateInWords };

const capitalise = (text: string) => (text ? text[0].toUpperCase() + text.slice(1) : text);

/** How the recipient may call a step's person: their own label, a member's own name once they agreed, else their work. */
function nameFor(step: MessageStep, agreed: boolean): string {
  if (step.recipientLabel) return step.recipientLabel;
  if (step.isAccount && agreed && step.ownName) return step.ownName;
  return workPhrase(step.work);
}

/**
 * Composes one introduction mail in plain English for its reader. Pure: the same context gives
 * the same text (snapshot-tested). Never names a person the reader may not know by that name.
 */
export function composeMail(ctx: MessageContext, job: MailJob, settings: MailSettings, extras: MailExtras = {}): Mail | null {
  const base = settings.publicUrl.replace(/\/+$/, '');
  const requestPage = `${base}/introductions/${encodeURIComponent(toGlobalId('IntroductionRequest', ctx.id))}`;
  const askPage = `${base}/asks/${encodeURIComponent(toGlobalId('IntroductionRequest', ctx.id))}`;
  const zone = ctx.timeZone;
  const toRequester = job.recipientId === ctx.requesterId;
  const requester = ctx.requesterLabel ?? ctx.requesterName;
  const step = ctx.steps[job.step];
  const target = ctx.steps[ctx.steps.length - 1];
  const footer = `\n\nQuestions about your data or this message? Write to ${settings.privacyContact}.\n`;
  const hello = (name: string | null) => (name ? `Hello ${name},\n\n` : 'Hello,\n\n');
  const quote = `${requester}'s note:\n"${ctx.message}"`;

  switch (job.kind) {
    case IntroMessageKind.Ask:
    case IntroMessageKind.Reminder: {
      if (!step) return null;
      const reminder = job.kind === IntroMessageKind.Reminder;
      const relayed = step.personId !== job.recipientId;
      const contactName = step.recipientLabel ?? step.relayName ?? 'your contact';
      const next = ctx.steps[job.step + 1];
      const deadline = ctx.expiresAt ? `Please answer by ${dateInWords(ctx.expiresAt, zone)}; after that the ask closes by itself.` : '';
      let ask: string;
      if (toRequester) {
        // A member relaying for their own contact is asked about their own request: no third person.
        ask = `You asked for an introduction. The first person on the path is your contact ${contactName}, who has no Backr account. Please ask them whether they would ${next ? `pass your request on to ${nameFor(next, false)}` : 'like to meet you'}, then give their answer on the page below.`;
      } else if (relayed) {
        ask = `${requester} would like an introduction. It goes through your contact ${contactName}, who has no Backr account, so we ask you as the person who knows them. Please ask ${contactName} whether they would ${next ? `pass the request on to ${nameFor(next, false)}` : `like to meet ${requester}`}, then give their answer on the page below.`;
      } else {
        ask = next
          ? `${requester} would like an introduction and asks whether you would pass it on to ${nameFor(next, false)}.`
          : `${requester} would like to be introduced to you. If you agree, you will both receive each other's contact details.`;
      }
      const privacy = toRequester
        ? ''
        : '\n\nNobody further along the path learns who you are unless you say yes. Saying no is fine, and nobody is told who said it.';
      const text =
        `${reminder ? 'A reminder: this ask is still waiting for an answer.\n\n' : ''}${hello(ctx.recipientName)}${ask}\n\n` +
        `${toRequester ? `Your note:\n"${ctx.message}"` : quote}${privacy}\n\n` +
        `${deadline ? `${deadline}\n\n` : ''}Answer here: ${askPage}${footer}`;
      const subject = toRequester
        ? `Please ask ${contactName} about your introduction`
        : reminder
          ? `Reminder: ${requester} is waiting for your answer`
          : `${requester} asks for an introduction`;
      return { to: ctx.recipientEmail, subject, text };
    }
    case IntroMessageKind.Introduced: {
      if (!target) return null;
      if (toRequester) {
        const name = nameFor(target, true);
        const email = target.accountEmail ?? target.relayEmail;
        const details = [
          email && `Email: ${email}`,
          target.relayPhone && `Phone: ${target.relayPhone}`,
          !email && target.relayLinkedin && `LinkedIn: ${target.relayLinkedin}`,
        ].filter(Boolean);
        return {
          to: ctx.recipientEmail,
          subject: `${capitalise(name)} agreed to meet you`,
          text:
            `${hello(ctx.recipientName)}Good news: ${name} agreed to an introduction.\n\n` +
            `${details.length ? `How to reach them:\n${details.join('\n')}` : 'They left no contact details with us: the person who passed your request on can put you in touch.'}\n\n` +
            `When you have met (or if you do not), tell us how it went: ${requestPage}${footer}`,
        };
      }
      const recorder = ctx.recorders.find((r) => r.id === target.recordedBy)?.name ?? 'someone who knows you';
      const greeting = ctx.recipientName ?? target.relayName;
      const notice = extras.objectionLink
        ? `\n\nWhy you are getting this: ${recorder} recorded your contact details with ${settings.dataController}, which keeps them only to arrange ` +
          `introductions you agree to. To have your details removed and never recorded again, open ${extras.objectionLink}\n` +
          `To see what is held about you, or for anything else, write to ${settings.privacyContact}.`
        : '';
      return {
        to: target.accountEmail ?? target.relayEmail,
        subject: `Introduction: ${requester}`,
        text:
          `${hello(greeting)}As you agreed, here is your introduction to ${requester}.\n\n${quote}\n\n` +
          `${ctx.requesterEmail ? `You can reach ${requester} at ${ctx.requesterEmail}.` : `${requester} will get in touch through the person who asked you.`}` +
          `${ctx.recipientIsAccount ? `\n\nSee the introduction: ${requestPage}` : ''}${notice}${extras.objectionLink ? '\n' : footer}`,
      };
    }
    case IntroMessageKind.Closed:
      return {
        to: ctx.recipientEmail,
        subject: 'Your introduction request has closed',
        text:
          `${hello(ctx.recipientName)}Your introduction request could not go further along the path you chose, so it has closed and nobody else will be asked. ` +
          `This happens: people are busy, or it is not the right time.\n\n` +
          `We did not find another path to the same person. You can look for other people doing this work, or talk it over with your coach.\n\n` +
          `See the request: ${requestPage}${footer}`,
      };
    case IntroMessageKind.Rerouted:
      return {
        to: ctx.recipientEmail,
        subject: 'Another path for your introduction',
        text:
          `${hello(ctx.recipientName)}Your introduction request could not go further along the path you chose, but there is another path to the same person.\n\n` +
          `Nothing has been sent yet. If you would like to ask again along the new path, look at it and confirm here: ${requestPage}${footer}`,
      };
    case IntroMessageKind.WaitingAlternative:
      return {
        to: ctx.recipientEmail,
        subject: 'Your introduction is waiting: another path is free now',
        text:
          `${hello(ctx.recipientName)}Your introduction request is waiting for someone on the path to have room. There is another path to the same person that could be asked now.\n\n` +
          `Nothing changes unless you choose it. To see it, or keep waiting: ${requestPage}${footer}`,
      };
    case IntroMessageKind.UnansweredAlternative:
      return {
        to: ctx.recipientEmail,
        subject: 'Your introduction has had no answer yet: another path is free',
        text:
          `${hello(ctx.recipientName)}The person we asked about your introduction request has not answered yet. There is another path to the same person that could be asked now.\n\n` +
          `Nothing changes unless you choose it. To see it, or keep waiting: ${requestPage}${footer}`,
      };
    case IntroMessageKind.Moved:
      return {
        to: ctx.recipientEmail,
        subject: 'Your introduction request has moved to another path',
        text:
          `${hello(ctx.recipientName)}Your introduction request was held up on the path you chose, so, as you asked in your settings, we moved it to another path to the same person. ` +
          `The people on the new path are being asked now, with the same message.\n\n` +
          `See where it stands: ${requestPage}${footer}`,
      };
    case IntroMessageKind.AskEnded:
      return {
        to: ctx.recipientEmail,
        subject: `No answer needed: ${requester}'s request has ended`,
        text:
          `${hello(ctx.recipientName)}${requester}'s introduction request, which we asked you about, has ended. You do not need to do anything, and it has left your list of asks.\n\n` +
          `Thank you for being willing to help. Your asks: ${askPage}${footer}`,
      };
    case IntroMessageKind.OutcomeNudge:
      if (!target) return null;
      return {
        to: ctx.recipientEmail,
        subject: 'How did your introduction go?',
        text:
          `${hello(ctx.recipientName)}You were introduced to ${nameFor(target, true)}. Did you meet, and what came of it?\n\n` +
          `Telling us helps you and your coach see what is working: ${requestPage}${footer}`,
      };
    default:
      return null;
  }
}
