import { toGlobalId } from '#libs/common';
import { dayInWords, pageLink, type OutgoingMessage } from '#libs/notify';

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

export interface MailPlaces {
  publicUrl: string;
  privacyContact: string;
}

/** The member's page for their coach and any invitations; the coach's caseload. */
export const MY_COACH_PAGE = '/my-coach';
export const CASELOAD_PAGE = '/caseload';

/** Plain English for the person reading it: names, no ids, no names of screens or API calls; the action as a link. */
export function noticeMessage(n: NoticeData, places: MailPlaces): OutgoingMessage {
  const hello = `Hello ${n.recipientName ?? 'there'},\n\n`;
  const myCoach = pageLink(places.publicUrl, MY_COACH_PAGE);
  const caseload = pageLink(places.publicUrl, CASELOAD_PAGE);
  const privacyContact = places.privacyContact;
  const member = n.memberName ?? 'A member';
  const coach = n.coachName ?? 'A coach';
  const byAdmin = n.via === 'ADMIN';
  const base = { id: `coaching.${n.id}`, to: n.to };
  switch (n.kind) {
    case 'invited':
      return {
        ...base,
        subject: `${coach} would like to be your coach`,
        text: `${hello}${n.coachName ? `${coach} is a coach with Backr and would like` : 'A coach with Backr would like'} to work with you: to follow how you are getting on towards the work you want, and to talk it through with you.\n\nNothing changes unless you agree. Until then they cannot see your goals or your progress.\n\nTo say yes or no: ${myCoach}\n`,
      };
    case 'declined':
      return {
        ...base,
        subject: `${member} has not joined your caseload`,
        text: `${hello}${member} has decided not to work with you for now. Nothing else has changed.\n\nYour caseload: ${caseload}\n`,
      };
    case 'member-assigned':
      return {
        ...base,
        subject: `${coach} is now your coach`,
        text: byAdmin
          ? `${hello}A Backr administrator has made ${coach} your coach. From now on they can see your goals and how you are getting on, so they can support you.\n\nSee your coach: ${myCoach}\n\nIf this is not what you want, write to ${privacyContact}.\n`
          : `${hello}You agreed to work with ${coach}. From now on they can see your goals and how you are getting on, so they can support you.\n\nSee your coach: ${myCoach}\n`,
      };
    case 'coach-assigned':
      return {
        ...base,
        subject: `${member} is now on your caseload`,
        text: byAdmin
          ? `${hello}A Backr administrator has put ${member} on your caseload. You can now see their goals and how they are getting on.\n\nYour caseload: ${caseload}\n`
          : `${hello}${member} has agreed to work with you and is now on your caseload. You can now see their goals and how they are getting on.\n\nYour caseload: ${caseload}\n`,
      };
    case 'coach-released':
      return {
        ...base,
        subject: `${member} has moved to another coach`,
        text: `${hello}${member} is no longer on your caseload: they now work with another coach. You will no longer see their goals or progress.\n\nYour caseload: ${caseload}\n`,
      };
  }
}

export interface NudgeData {
  key: string;
  memberId: string;
  coachEmail: string | null;
  coachName: string;
  coachTimeZone: string | null;
  memberName: string;
  /** When the member's last activity was (ms since the epoch); 0 when they have done nothing since joining. */
  stalledSince: number;
}

/** The stalled-member nudge to a coach, with the member's page to act from. */
export function nudgeMessage(n: NudgeData, publicUrl: string): OutgoingMessage {
  const since = n.stalledSince ? dayInWords(new Date(n.stalledSince).toISOString(), n.coachTimeZone) : 'they joined';
  return {
    id: `nudge.${n.key.replace(/[^A-Za-z0-9_-]/g, '_')}`,
    to: n.coachEmail,
    subject: `${n.memberName} may need a check-in`,
    text:
      `Hello ${n.coachName},\n\nNothing has happened in ${n.memberName}'s network or introductions since ${since}. ` +
      `They are at the top of your caseload.\n\nSee how they are getting on: ${pageLink(publicUrl, `${CASELOAD_PAGE}/${toGlobalId('Person', n.memberId)}`)}\n`,
  };
}
