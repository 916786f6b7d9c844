import { describe, expect, it } from '@jest/globals';
import { noticeMessage, nudgeMessage, type NoticeData, type NoticeKind } from '#libs/coaching';

const places = { publicUrl: 'https://backr.example.org/', privacyContact: 'privacy@backr.example.org' };

const notice = (kind: NoticeKind, over: Partial<NoticeData> = {}): NoticeData => ({
  id: `n-${kind}`,
  kind,
  via: 'INVITATION',
  to: 'reader@example.org',
  recipientName: 'Robin',
  memberName: 'Alex Morgan',
  coachName: 'Sam Coach',
  ...over,
});

/** What a person must never read in a mail: ids, API words, ISO dates. */
function expectPlain(text: string): void {
  expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/i);
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  expect(text).not.toMatch(/mutation|query|invitation id|coachId|memberId|null|undefined/i);
}

describe('coaching mails', () => {
  const cases: [string, NoticeData][] = [
    ['invited, to the member', notice('invited')],
    ['declined, to the coach', notice('declined')],
    ['member assigned by their own answer', notice('member-assigned')],
    ['member assigned by an administrator', notice('member-assigned', { via: 'ADMIN' })],
    ['coach assigned by the member answering', notice('coach-assigned')],
    ['coach assigned by an administrator', notice('coach-assigned', { via: 'ADMIN' })],
    ['coach released when the member moved', notice('coach-released')],
  ];

  it.each(cases)('%s', (_name, data) => {
    const mail = noticeMessage(data, places);
    expectPlain(mail.text);
    expect(mail.text).toContain('https://backr.example.org/');
    expect(mail.text).not.toContain('.org//');
    expect(mail).toMatchSnapshot();
  });

  it('an administrator assignment tells the member where to write', () => {
    expect(noticeMessage(notice('member-assigned', { via: 'ADMIN' }), places).text).toContain('privacy@backr.example.org');
  });

  it('a member with no name on record is greeted without one', () => {
    expect(noticeMessage(notice('invited', { recipientName: null, coachName: null }), places).text).toMatch(
      /^Hello there,\n\nA coach with Backr would like to work with you/,
    );
  });

  const nudge = {
    key: 'm-1@1764000000000',
    memberId: 'm-1',
    coachEmail: 'sam@example.org',
    coachName: 'Sam Coach',
    coachTimeZone: null,
    memberName: 'Alex Morgan',
    stalledSince: Date.UTC(2026, 10, 3, 23, 30),
  };

  it('nudge to a coach about a stalled member, with the date in words and the member page', () => {
    const mail = nudgeMessage(nudge, places.publicUrl);
    expectPlain(mail.text);
    expect(mail.text).toContain('since Tuesday 3 November 2026');
    expect(mail.text).toMatch(/https:\/\/backr\.example\.org\/caseload\/[A-Za-z0-9_-]+\n$/);
    expect(mail).toMatchSnapshot();
  });

  it("the nudge date is the coach's own day where they live", () => {
    expect(nudgeMessage({ ...nudge, coachTimeZone: 'Asia/Tokyo' }, places.publicUrl).text).toContain('since Wednesday 4 November 2026');
  });

  it('a member who has done nothing since joining is nudged without a date', () => {
    expect(nudgeMessage({ ...nudge, stalledSince: 0 }, places.publicUrl).text).toContain('since they joined');
  });
});
