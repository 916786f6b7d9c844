import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { hasRole, type Viewer } from '#libs/auth';
import { badInput, checkPageSize, conflict, decodeCursor, DomainError, encodeCursor, ErrorCode, forbidden, notFound } from '#libs/common';
import { AppConfig } from '#libs/config';
import type { PersonView } from '#libs/network';
import { NOTIFICATION_TRANSPORT, type NotificationTransport } from '#libs/notify';
import { CoachAssignmentRepository, type InvitationRow, type PlannedNotice } from './coach-assignment.repository.js';
import { INVITATION_STATUSES, noticeMessage, type InvitationStatus, type NoticeKind } from './coach-notice.messages.js';
import { CoachingRepository } from './coaching.repository.js';
import { CoachingService } from './coaching.service.js';
import type { MemberProgressView } from './coaching.types.js';

/** A coach asks again only this long after a member said no. */
const REINVITE_AFTER_MS = 30 * 24 * 3600 * 1000;

export interface CoachInvitationView {
  id: string;
  coach: PersonView;
  member: PersonView;
  status: InvitationStatus;
  createdAt: string;
  respondedAt: string | null;
  awaitingMyAnswer: boolean;
}

/**
 * How members and coaches come together: a coach invites and the member accepts or declines, or an
 * admin assigns. The member and every coach concerned are told of each change; the notices are
 * written in the change's own transaction and sent after it commits (the coaching job sends any a
 * crash left behind).
 */
@Injectable()
export class CoachAssignmentService {
  private readonly logger = new Logger('CoachAssignment');

  constructor(
    @Inject(CoachAssignmentRepository) private readonly repo: CoachAssignmentRepository,
    @Inject(CoachingRepository) private readonly coachingRepo: CoachingRepository,
    @Inject(CoachingService) private readonly coaching: CoachingService,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(NOTIFICATION_TRANSPORT) private readonly transport: NotificationTransport,
  ) {}

  /**
   * Admins assign directly (past capacity only with override). A coach naming themselves for a
   * member without a coach sends that member an invitation instead, and is told so with a refusal:
   * nobody joins a caseload, or shows a coach their progress, without agreeing.
   */
  async assignCoach(viewer: Viewer, memberId: string, coachId: string, override: boolean): Promise<MemberProgressView> {
    const admin = hasRole(viewer, 'ADMIN');
    if (!admin && coachId !== viewer.personId) throw forbidden('Coaches invite members to their own caseload; an admin assigns members to other coaches.');
    if (override && !admin) throw forbidden("Only an admin can assign past a coach's capacity.");
    await this.checkPair(memberId, coachId);
    if (!admin) {
      const current = await this.coachingRepo.coachOf(memberId);
      if (current === viewer.personId) return this.coaching.memberProgress(viewer, memberId);
      await this.invite(viewer, memberId);
      throw new DomainError(
        ErrorCode.FORBIDDEN,
        'A member joins your caseload only by agreeing to it: they have been invited, and will appear on your caseload once they accept.',
        undefined,
        { invitationSent: true },
      );
    }
    const { result, notices } = await this.repo.assign(
      { memberId, coachId, assignedBy: viewer.personId, override, via: 'ADMIN', invitationId: null, defaultCapacity: this.config.COACH_CAPACITY },
      (oldCoachId) => assignmentNotices(memberId, coachId, oldCoachId),
    );
    if (result === 'full') throw conflict(`this coach's caseload is full (capacity ${await this.capacityOf(coachId)}); an admin can override`, 'coachId');
    await this.send(notices);
    return this.coaching.memberProgress(viewer, memberId);
  }

  /** A coach invites a member without a coach to their caseload; asking again returns the same invitation. */
  async invite(viewer: Viewer, memberId: string): Promise<CoachInvitationView> {
    await this.checkPair(memberId, viewer.personId);
    const current = await this.coachingRepo.coachOf(memberId);
    if (current === viewer.personId) throw conflict('this member is already on your caseload', 'memberId');
    if (current) throw forbidden('This member already has a coach; an admin can move them to another caseload.');
    const declined = await this.repo.lastDeclinedMs(viewer.personId, memberId);
    if (declined !== null && Date.now() - declined < REINVITE_AFTER_MS) {
      throw conflict(
        `this member said no to your last invitation; you can ask again from ${new Date(declined + REINVITE_AFTER_MS).toISOString().slice(0, 10)}`,
        'memberId',
      );
    }
    const { capacity, members } = await this.coachingRepo.caseload(viewer.personId, this.config.COACH_CAPACITY);
    if (members.length >= capacity) throw conflict(`your caseload is full (capacity ${capacity}); an admin can assign past it`, 'memberId');
    const { invitation, notices } = await this.repo.invite({ id: randomUUID(), coachId: viewer.personId, memberId }, notice('invited', memberId));
    await this.send(notices);
    return (await this.views(viewer, [invitation]))[0];
  }

  /** The member answers. Answering again the same way changes nothing; an invitation that is not theirs is not found. */
  async respond(viewer: Viewer, invitationId: string, accept: boolean): Promise<CoachInvitationView> {
    const invitation = await this.repo.invitation(invitationId);
    if (!invitation || invitation.memberId !== viewer.personId) throw notFound('input.invitationId', 'an invitation to you');
    if (invitation.status !== 'PENDING') {
      if (invitation.status === (accept ? 'ACCEPTED' : 'DECLINED')) return (await this.views(viewer, [invitation]))[0];
      throw conflict('this invitation has already been answered or replaced', 'input.invitationId');
    }
    let notices: string[];
    if (accept) {
      const done = await this.repo.assign(
        {
          memberId: viewer.personId,
          coachId: invitation.coachId,
          assignedBy: viewer.personId,
          override: false,
          via: 'INVITATION',
          invitationId,
          defaultCapacity: this.config.COACH_CAPACITY,
        },
        (oldCoachId) => assignmentNotices(viewer.personId, invitation.coachId, oldCoachId),
      );
      if (done.result === 'full')
        throw conflict("this coach's caseload is full just now; the invitation stays open, so you can accept it later", 'input.invitationId');
      if (done.result === 'gone') throw conflict('this invitation has already been answered or replaced', 'input.invitationId');
      notices = done.notices;
    } else {
      const done = await this.repo.decline(invitationId, viewer.personId, (coachId) => notice('declined', coachId));
      if (!done) throw conflict('this invitation has already been answered or replaced', 'input.invitationId');
      notices = done.notices;
    }
    await this.send(notices);
    return (await this.views(viewer, [(await this.repo.invitation(invitationId))!]))[0];
  }

  async invitations(viewer: Viewer, status: InvitationStatus | null, first: number, after: string | null) {
    checkPageSize(first, 'first', 100);
    if (status !== null && !INVITATION_STATUSES.includes(status)) throw badInput('status', `must be one of ${INVITATION_STATUSES.join(', ')}`);
    const cursor = decodeCursor(after, 'after') as [number, number, string] | null;
    if (cursor && (cursor.length !== 3 || typeof cursor[0] !== 'number' || typeof cursor[1] !== 'number' || typeof cursor[2] !== 'string'))
      throw badInput('after', 'is not a cursor returned by this connection');
    const { rows, totalCount } = await this.repo.invitations(viewer.personId, status, first, cursor);
    const shown = rows.slice(0, first);
    const views = await this.views(
      viewer,
      shown.map((r) => r.invitation),
    );
    return {
      items: views.map((view, i) => ({ cursor: encodeCursor([shown[i].rank, shown[i].ms, view.id]), view })),
      hasNextPage: rows.length > first,
      totalCount,
    };
  }

  /** The demo seed: puts a member on a caseload as an admin would, unless they already have a coach (the demo user may have moved them). */
  async seedAssign(memberId: string, coachId: string): Promise<void> {
    if (await this.coachingRepo.coachOf(memberId)) return;
    await this.repo.assign(
      { memberId, coachId, assignedBy: coachId, override: true, via: 'ADMIN', invitationId: null, defaultCapacity: this.config.COACH_CAPACITY },
      () => [],
    );
  }

  /** For the scheduled coaching job: notices a crash left unsent. */
  async sendPendingNotices(limit = 200): Promise<number> {
    return this.deliver(await this.repo.unsentNotices(null, limit));
  }

  /** After the change committed: a failed send is left for the scheduled job, never undoes the change. */
  private async send(ids: string[]): Promise<void> {
    if (!ids.length) return;
    try {
      await this.deliver(await this.repo.unsentNotices(ids, ids.length));
    } catch (error) {
      this.logger.warn({ msg: 'coaching notices left for the scheduled job', error: (error as Error).message });
    }
  }

  private async deliver(rows: Awaited<ReturnType<CoachAssignmentRepository['unsentNotices']>>): Promise<number> {
    for (const row of rows) {
      // An erased account has nobody to tell.
      if (row.recipientName !== null)
        await this.transport.send(noticeMessage(row, { publicUrl: this.config.PUBLIC_URL, privacyContact: this.config.PRIVACY_CONTACT }));
    }
    await this.repo.markNoticesSent(rows.map((r) => r.id));
    return rows.length;
  }

  private async checkPair(memberId: string, coachId: string): Promise<void> {
    const [memberRoles, coachRoles] = await Promise.all([this.coachingRepo.roles(memberId), this.coachingRepo.roles(coachId)]);
    if (!memberRoles?.includes('MEMBER')) throw badInput('memberId', 'is not a member (only accounts with the member role have a coach)');
    if (!coachRoles?.includes('COACH')) throw badInput('coachId', 'is not a coach');
    if (memberId === coachId) throw badInput('memberId', 'a coach cannot coach themselves');
  }

  private async capacityOf(coachId: string): Promise<number> {
    return (await this.coachingRepo.caseload(coachId, this.config.COACH_CAPACITY)).capacity;
  }

  private async views(viewer: Viewer, rows: InvitationRow[]): Promise<CoachInvitationView[]> {
    const people = new Map(
      (await this.coachingRepo.people(viewer.personId, [...new Set(rows.flatMap((r) => [r.coachId, r.memberId]))])).map((p) => [p.id, p.person]),
    );
    const mine = new Set<string>();
    for (const id of new Set(rows.filter((r) => r.coachId === viewer.personId).map((r) => r.memberId))) {
      if ((await this.coachingRepo.coachOf(id)) === viewer.personId) mine.add(id);
    }
    return rows
      .filter((r) => people.has(r.coachId) && people.has(r.memberId))
      .map((r) => {
        const member = people.get(r.memberId)!;
        // A coach sees more than the name only of the members on their caseload now.
        const shownMember = r.memberId === viewer.personId || mine.has(r.memberId) ? member : { ...member, headline: null, roles: [] };
        return {
          id: r.id,
          coach: people.get(r.coachId)!,
          member: shownMember,
          status: r.status,
          createdAt: r.createdAt,
          respondedAt: r.respondedAt,
          awaitingMyAnswer: r.status === 'PENDING' && r.memberId === viewer.personId,
        };
      });
  }
}

function notice(kind: NoticeKind, recipientId: string): PlannedNotice {
  return { id: randomUUID(), kind, recipientId };
}

function assignmentNotices(memberId: string, coachId: string, oldCoachId: string | null): PlannedNotice[] {
  return [
    notice('member-assigned', memberId),
    notice('coach-assigned', coachId),
    ...(oldCoachId && oldCoachId !== coachId ? [notice('coach-released', oldCoachId)] : []),
  ];
}
