import type { OutgoingMessage } from '#libs/notify';

export const INVITATION_STATUSES = ['PENDING', 'ACCEPTED', 'DECLINED', 'SUPERSEDED'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Who is told what when a coach and a member come together or part. */
export type NoticeKind = 'invited' | 'declined' | 'member-assigned' | 'coach-assigned' | 'coach-released';

export interface NoticeData {
  id: string;
  kind: NoticeKind;
  /** 'ADMIN' when an administrator made the change, 'INVITATION' when the member answered an invitation. */
  via: string;
  to: string | null;
  recipientName: string | null;
  memberName: string | null;
  coachName: string | null;
}

/** Plain English for the person reading it: names, no ids, no names of screens or API calls. */
export function noticeMessage(n: NoticeData, privacyContact: string): OutgoingMessage {
  const hello = `Hello ${n.recipientName ?? 'there'},\n\n`;
  const member = n.memberName ?? 'A member';
  const coach = n.coachName ?? 'A coach';
  const byAdmin = n.via === 'ADMIN';
  const base = { id: `coaching.${n.id}`, to: n.to };
  switch (n.kind) {
    case 'invited':
      return {
        ...base,
        subject: `${coach} would like to be your coach`,
        text: `${hello}${coach} is a coach with Backr and would like to work with you: to follow how you are getting on towards the work you want, and to talk it through with you.\n\nNothing changes unless you agree. Until then they cannot see your goals or your progress. Sign in to Backr to say yes or no.\n`,
      };
    case 'declined':
      return {
        ...base,
        subject: `${member} has not joined your caseload`,
        text: `${hello}${member} has decided not to work with you for now. Nothing else has changed.\n`,
      };
    case 'member-assigned':
      return {
        ...base,
        subject: `${coach} is now your coach`,
        text: byAdmin
          ? `${hello}A Backr administrator has made ${coach} your coach. From now on they can see your goals and how you are getting on, so they can support you.\n\nIf this is not what you want, write to ${privacyContact}.\n`
          : `${hello}You agreed to work with ${coach}. From now on they can see your goals and how you are getting on, so they can support you.\n`,
      };
    case 'coach-assigned':
      return {
        ...base,
        subject: `${member} is now on your caseload`,
        text: byAdmin
          ? `${hello}A Backr administrator has put ${member} on your caseload. You can now see their goals and how they are getting on.\n`
          : `${hello}${member} has agreed to work with you and is now on your caseload. You can now see their goals and how they are getting on.\n`,
      };
    case 'coach-released':
      return {
        ...base,
        subject: `${member} has moved to another coach`,
        text: `${hello}${member} is no longer on your caseload: they now work with another coach. You will no longer see their goals or progress.\n`,
      };
  }
}
