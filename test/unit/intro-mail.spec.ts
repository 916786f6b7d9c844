import { describe, expect, it } from '@jest/globals';
import { composeMail, type MessageContext, type MessageStep } from '#libs/introductions';
import { IntroMessageKind } from '#libs/queue';

const settings = { publicUrl: 'https://backr.example.org/', privacyContact: 'privacy@backr.example.org', dataController: 'Backr Trust' };

const step = (over: Partial<MessageStep>): MessageStep => ({
  index: 0,
  personId: 'p-broker',
  isAccount: true,
  state: 'ASKED',
  ownName: 'Bo Broker',
  recordedBy: 'p-alex',
  relayName: 'Bo',
  relayEmail: null,
  relayPhone: null,
  relayLinkedin: null,
  accountEmail: 'bo@example.org',
  recipientLabel: null,
  work: null,
  ...over,
});

const paramedic = { title: 'Paramedic', organisation: 'Yorkshire Ambulance Service', sector: null, location: null, current: true, occupation: null };

/** Alex asks, through Bo (a volunteer), for Priya (no account, recorded by Bo as "Priya Shah"). */
function context(over: Partial<MessageContext> = {}): MessageContext {
  return {
    id: 'req-1',
    message: 'I am training as a paramedic and would value 20 minutes of advice.',
    status: 'ASKING',
    expiresAt: '2026-07-08T17:30:00.000Z',
    requesterId: 'p-alex',
    requesterName: 'Alex Morgan',
    requesterEmail: 'alex@example.org',
    requesterLabel: null,
    recipientIsAccount: true,
    recipientName: 'Bo Broker',
    recipientEmail: 'bo@example.org',
    timeZone: null,
    steps: [
      step({}),
      step({
        index: 1,
        personId: 'p-priya',
        isAccount: false,
        ownName: null,
        recordedBy: 'p-broker',
        relayName: 'Priya Shah',
        relayEmail: 'priya@example.org',
        relayPhone: '+447700900123',
        accountEmail: null,
        work: paramedic,
        state: 'PENDING',
      }),
    ],
    recorders: [
      { id: 'p-alex', name: 'Alex Morgan' },
      { id: 'p-broker', name: 'Bo Broker' },
    ],
    ...over,
  };
}

const forBroker = (c: MessageContext) => ({ ...c, steps: [c.steps[0], { ...c.steps[1], recipientLabel: 'Priya Shah' }] });
const forRequester = (c: MessageContext) => ({
  ...c,
  recipientName: 'Alex Morgan',
  recipientEmail: 'alex@example.org',
  steps: [{ ...c.steps[0], recipientLabel: 'Bo' }, c.steps[1]],
});

type Case = [string, MessageContext, { kind: IntroMessageKind; recipientId: string; step: number }, { objectionLink?: string }?];
/** Every row has four cells: Jest reads a test function with more parameters than cells as one taking `done`. */
const cases = (
  [
    ['ask to a broker', forBroker(context()), { kind: IntroMessageKind.Ask, recipientId: 'p-broker', step: 0 }],
    ['reminder to a broker', forBroker(context()), { kind: IntroMessageKind.Reminder, recipientId: 'p-broker', step: 0 }],
    ["ask to relay a contact's answer", forBroker(context({ status: 'TARGET_ASKED' })), { kind: IntroMessageKind.Ask, recipientId: 'p-broker', step: 1 }],
    [
      'ask to the requester relaying for their own contact',
      context({
        recipientName: 'Alex Morgan',
        recipientEmail: 'alex@example.org',
        steps: [step({ personId: 'p-sam', isAccount: false, ownName: null, relayName: 'Sam', recipientLabel: 'Sam', accountEmail: null }), context().steps[1]],
      }),
      { kind: IntroMessageKind.Ask, recipientId: 'p-alex', step: 0 },
    ],
    [
      'ask to a target in a time zone of their own',
      context({
        recipientName: 'Tess Target',
        recipientEmail: 'tess@example.org',
        timeZone: 'America/New_York',
        steps: [step({ state: 'ACCEPTED' }), step({ index: 1, personId: 'p-tess', ownName: 'Tess Target', accountEmail: 'tess@example.org' })],
      }),
      { kind: IntroMessageKind.Ask, recipientId: 'p-tess', step: 1 },
    ],
    ['introduced, to the requester', forRequester(context({ status: 'INTRODUCED' })), { kind: IntroMessageKind.Introduced, recipientId: 'p-alex', step: 1 }],
    [
      'introduced, to a target without an account (first message)',
      context({ status: 'INTRODUCED', recipientIsAccount: false, recipientName: null, recipientEmail: null }),
      { kind: IntroMessageKind.Introduced, recipientId: 'p-priya', step: 1 },
      { objectionLink: 'https://backr.example.org/objection/abc' },
    ],
    [
      'introduced, to a member target',
      context({
        status: 'INTRODUCED',
        recipientName: 'Tess Target',
        recipientEmail: 'tess@example.org',
        steps: [step({ state: 'ACCEPTED' }), step({ index: 1, personId: 'p-tess', ownName: 'Tess Target', accountEmail: 'tess@example.org' })],
      }),
      { kind: IntroMessageKind.Introduced, recipientId: 'p-tess', step: 1 },
    ],
    ['closed, no other path', forRequester(context({ status: 'DECLINED' })), { kind: IntroMessageKind.Closed, recipientId: 'p-alex', step: 0 }],
    ['closed, another path offered', forRequester(context({ status: 'DECLINED' })), { kind: IntroMessageKind.Rerouted, recipientId: 'p-alex', step: 0 }],
    ['waiting, another path free', forRequester(context()), { kind: IntroMessageKind.WaitingAlternative, recipientId: 'p-alex', step: 0 }],
    ['no answer yet, another path free', forRequester(context()), { kind: IntroMessageKind.UnansweredAlternative, recipientId: 'p-alex', step: 0 }],
    ['moved to another path automatically', forRequester(context({ status: 'WITHDRAWN' })), { kind: IntroMessageKind.Moved, recipientId: 'p-alex', step: 0 }],
    ['ask ended elsewhere, to the broker', forBroker(context({ status: 'WITHDRAWN' })), { kind: IntroMessageKind.AskEnded, recipientId: 'p-broker', step: 0 }],
    ['outcome nudge', forRequester(context({ status: 'INTRODUCED' })), { kind: IntroMessageKind.OutcomeNudge, recipientId: 'p-alex', step: 0 }],
  ] as Case[]
).map(([name, ctx, job, extras]) => [name, ctx, job, extras ?? {}] as const);

describe('introduction mails', () => {
  it.each(cases)('%s', (_name, ctx, job, extras) => {
    const mail = composeMail(ctx, job, settings, extras);
    expect(mail).not.toBeNull();
    expect(mail).toMatchSnapshot();
  });

  it.each(cases)('%s: plain words for people, no GraphQL names, a link to a page', (_name, ctx, job, extras) => {
    const mail = composeMail(ctx, job, settings, extras)!;
    const text = `${mail.subject}\n${mail.text}`;
    expect(text).not.toMatch(/introductionInbox|respondToIntroduction|recordIntroOutcome|requestIntroduction|nextPath|onBehalfOfPersonId|[A-Z]{4,}_[A-Z]+/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(text).toMatch(/https:\/\/backr\.example\.org\/(asks|introductions|objection)\//);
    expect(text).toContain(settings.privacyContact);
    // Nobody reads about themselves in the third person.
    const own = ctx.recipientName;
    if (own) expect(mail.text.replace(`Hello ${own},`, '')).not.toContain(own);
  });

  it('never promises another path when none was found', () => {
    const mail = composeMail(forRequester(context({ status: 'DECLINED' })), { kind: IntroMessageKind.Closed, recipientId: 'p-alex', step: 0 }, settings)!;
    expect(mail.text).not.toMatch(/will look for another|tell you if there is one/);
    expect(mail.text).toContain('did not find another path');
  });

  it("writes dates in words in the reader's time zone, London by default", () => {
    const london = composeMail(forBroker(context()), { kind: IntroMessageKind.Ask, recipientId: 'p-broker', step: 0 }, settings)!;
    expect(london.text).toContain('Wednesday 8 July 2026 at 6:30pm');
    const ny = composeMail(forBroker(context({ timeZone: 'America/New_York' })), { kind: IntroMessageKind.Ask, recipientId: 'p-broker', step: 0 }, settings)!;
    expect(ny.text).toContain('Wednesday 8 July 2026 at 1:30pm');
  });

  it("greets a person without an account by the relaying recorder's name for them, never another member's label", () => {
    const mail = composeMail(
      context({ status: 'INTRODUCED', recipientIsAccount: false, recipientName: null }),
      { kind: IntroMessageKind.Introduced, recipientId: 'p-priya', step: 1 },
      settings,
    )!;
    expect(mail.text.startsWith('Hello Priya Shah,')).toBe(true);
    expect(mail.to).toBe('priya@example.org');
  });
});
