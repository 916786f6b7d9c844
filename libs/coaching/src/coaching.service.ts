import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { hasRole, type Viewer } from '#libs/auth';
import { badInput, checkPageSize, decodeCursor, encodeCursor, forbidden, notFound } from '#libs/common';
import { AppConfig } from '#libs/config';
import { AccountService, type PersonView } from '#libs/network';
import { NOTIFICATION_TRANSPORT, type NotificationTransport } from '#libs/notify';
import { PathsService } from '#libs/paths';
import { CoachingRepository, type NoteRow, type ProgressRow } from './coaching.repository.js';
import { nudgeMessage } from './coach-notice.messages.js';
import { NOTE_VISIBILITIES, type CaseloadView, type CoachNoteView, type MemberProgressView, type NoteVisibility } from './coaching.types.js';

export const NOTE_MAX = 5000;

/** Caseloads, progress computed from the graph, and coaches' reflective notes. */
@Injectable()
export class CoachingService {
  constructor(
    @Inject(CoachingRepository) private readonly repo: CoachingRepository,
    @Inject(AccountService) private readonly accounts: AccountService,
    @Inject(PathsService) private readonly paths: PathsService,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(NOTIFICATION_TRANSPORT) private readonly transport: NotificationTransport,
  ) {}

  /**
   * The scheduled nudge: flags members who have stalled to their coach (once per stall) and tells
   * the coach. A message is sent under a stable id before it is marked sent, so a crash in between
   * sends it again at most (the development outbox keeps one copy).
   */
  async nudgeStalled(): Promise<{ flagged: number; notified: number }> {
    const flagged = await this.repo.markStalled(Date.now() - this.config.COACH_STALL_AFTER_SECONDS * 1000);
    const unsent = await this.repo.unsent(500);
    for (const n of unsent) await this.transport.send(nudgeMessage(n, this.config.PUBLIC_URL));
    await this.repo.markSent(unsent.map((n) => n.key));
    return { flagged, notified: unsent.length };
  }

  async memberProgress(viewer: Viewer, memberId: string): Promise<MemberProgressView> {
    await this.mayFollow(viewer, memberId, 'memberId');
    const [progress] = await this.progressOf(viewer.personId, [memberId]);
    if (!progress) throw notFound('memberId', 'a member');
    return progress;
  }

  async caseload(viewer: Viewer, first: number, after: string | null): Promise<CaseloadView> {
    checkPageSize(first, 'first', 100);
    const start = after ? Number(decodeCursor(after, 'after')![0]) + 1 : 0;
    if (!Number.isInteger(start) || start < 0) throw badInput('after', 'is not a cursor returned by this connection');
    const { capacity, members } = await this.repo.caseload(viewer.personId, this.config.COACH_CAPACITY);
    const staleBefore = Date.now() - this.config.COACH_STALL_AFTER_SECONDS * 1000;
    // Stalled first, then least recent activity first: who needs attention comes to the top.
    const ordered = [...members].sort((a, b) => {
      const stalledA = a.lastActivityMs === null || a.lastActivityMs < staleBefore;
      const stalledB = b.lastActivityMs === null || b.lastActivityMs < staleBefore;
      if (stalledA !== stalledB) return stalledA ? -1 : 1;
      return (a.lastActivityMs ?? 0) - (b.lastActivityMs ?? 0) || (a.id < b.id ? -1 : 1);
    });
    const page = ordered.slice(start, start + first);
    const views = await this.progressOf(
      viewer.personId,
      page.map((m) => m.id),
    );
    const [coach] = await this.repo.people(viewer.personId, [viewer.personId]);
    return {
      coach: coach.person,
      capacity,
      load: members.length,
      members: {
        items: views.map((view, i) => ({ cursor: encodeCursor([start + i]), view })),
        hasNextPage: start + first < ordered.length,
        totalCount: ordered.length,
      },
    };
  }

  async addNote(viewer: Viewer, input: { memberId: string; body: string; visibility?: NoteVisibility | null }): Promise<CoachNoteView> {
    const body = (input.body ?? '').trim();
    if (!body) throw badInput('input.body', 'must not be empty');
    if (body.length > NOTE_MAX) throw badInput('input.body', `must be at most ${NOTE_MAX} characters`);
    const visibility = input.visibility ?? 'PRIVATE';
    if (!NOTE_VISIBILITIES.includes(visibility)) throw badInput('input.visibility', `must be one of ${NOTE_VISIBILITIES.join(', ')}`);
    if ((await this.repo.coachOf(input.memberId)) !== viewer.personId) throw forbidden('You can write notes only about members on your caseload.');
    const row = await this.repo.addNote({ id: randomUUID(), memberId: input.memberId, authorId: viewer.personId, body, visibility });
    return (await this.noteViews(viewer.personId, [row]))[0];
  }

  /** The member's coach reads their own notes about them; the member reads the notes shared with them; nobody else reads any. */
  async notes(viewer: Viewer, memberId: string, first: number, after: string | null) {
    checkPageSize(first, 'first', 100);
    const cursor = decodeCursor(after, 'after') as [number, string] | null;
    let query: { authorId: string | null; sharedOnly: boolean };
    if (memberId === viewer.personId) query = { authorId: null, sharedOnly: true };
    else if ((await this.repo.coachOf(memberId)) === viewer.personId) query = { authorId: viewer.personId, sharedOnly: false };
    else throw forbidden("Coach notes are private to the member's coach and, when shared, to the member.");
    const { rows, totalCount } = await this.repo.notes(memberId, { ...query, first: first + 1, after: cursor });
    const shown = rows.slice(0, first);
    const views = await this.noteViews(viewer.personId, shown);
    return { items: views.map((view, i) => ({ cursor: encodeCursor([shown[i].ms, view.id]), view })), hasNextPage: rows.length > first, totalCount };
  }

  /** The author edits their note (body, who sees it); anyone else's attempt looks like an unknown note. */
  async updateNote(viewer: Viewer, noteId: string, input: { body?: string | null; visibility?: NoteVisibility | null }): Promise<CoachNoteView> {
    const body = input.body === undefined || input.body === null ? null : input.body.trim();
    if (body !== null && !body) throw badInput('input.body', 'must not be empty');
    if (body !== null && body.length > NOTE_MAX) throw badInput('input.body', `must be at most ${NOTE_MAX} characters`);
    const visibility = input.visibility ?? null;
    if (visibility !== null && !NOTE_VISIBILITIES.includes(visibility)) throw badInput('input.visibility', `must be one of ${NOTE_VISIBILITIES.join(', ')}`);
    if (body === null && visibility === null) throw badInput('input', 'change the body, the visibility or both');
    const row = await this.repo.updateNote(noteId, viewer.personId, { body, visibility });
    if (!row) throw notFound('input.noteId', 'a note of yours');
    return (await this.noteViews(viewer.personId, [row]))[0];
  }

  async deleteNote(viewer: Viewer, noteId: string): Promise<void> {
    if (!(await this.repo.deleteNote(noteId, viewer.personId))) throw notFound('noteId', 'a note of yours');
  }

  /** Admins: every coach's load against capacity. */
  async workloads(): Promise<{ coach: PersonView; capacity: number; load: number }[]> {
    const rows = await this.repo.workloads(this.config.COACH_CAPACITY);
    const people = new Map(
      (
        await this.repo.people(
          '',
          rows.map((r) => r.coachId),
        )
      ).map((p) => [p.id, p.person]),
    );
    return rows.filter((r) => people.has(r.coachId)).map((r) => ({ coach: people.get(r.coachId)!, capacity: r.capacity, load: r.load }));
  }

  /** node(id) for a note: its author, or the member when it is shared with them; null for anyone else. */
  async note(viewer: Viewer, id: string): Promise<CoachNoteView | null> {
    const row = await this.repo.note(id);
    if (!row) return null;
    const mayRead = row.authorId === viewer.personId || (row.memberId === viewer.personId && row.visibility === 'SHARED_WITH_MEMBER');
    return mayRead ? (await this.noteViews(viewer.personId, [row]))[0] : null;
  }

  private async mayFollow(viewer: Viewer, memberId: string, field: string): Promise<void> {
    if (memberId === viewer.personId || hasRole(viewer, 'ADMIN')) return;
    if ((await this.repo.coachOf(memberId)) === viewer.personId) return;
    throw forbidden(`${field}: this member is not on your caseload`);
  }

  private async capacityOf(coachId: string): Promise<number> {
    return (await this.repo.caseload(coachId, this.config.COACH_CAPACITY)).capacity;
  }

  private async progressOf(viewerId: string, memberIds: string[]): Promise<MemberProgressView[]> {
    if (!memberIds.length) return [];
    const [rows, people] = await Promise.all([this.repo.progress(memberIds), this.repo.people(viewerId, memberIds)]);
    const byId = new Map(rows.map((r) => [r.memberId, r]));
    const personOf = new Map(people.map((p) => [p.id, p.person]));
    const staleBefore = Date.now() - this.config.COACH_STALL_AFTER_SECONDS * 1000;
    return Promise.all(
      memberIds
        .filter((id) => byId.has(id) && personOf.has(id))
        .map(async (id) => {
          const row = byId.get(id)!;
          const [goals, reach] = await Promise.all([this.accounts.goals(id), this.reach(row)]);
          // Decline notes the decliners chose to share reach the member's coach only (never the member).
          return { ...view(personOf.get(id)!, row, goals, reach, staleBefore), sharedDeclineNotes: row.coachId === viewerId ? row.declineNotes : null };
        }),
    );
  }

  /**
   * Reach from the replica's in-memory path index is cheap, so it is computed fresh on every call.
   * Where only Neo4j can answer (the index is off or still building, or in the worker) the engine
   * costs about 0.1 s per member at 100k people, so that figure is cached on the member for
   * COACH_REACH_MAX_AGE_SECONDS and refreshed by the scheduled coaching job; progress says how
   * fresh it is (reachComputedAt). A missing or stale figure is computed on the spot.
   */
  private async reach(row: ProgressRow): Promise<{ value: number; at: string }> {
    const fresh = await this.paths.reachFromIndex(row.memberId);
    if (fresh !== null) return { value: fresh, at: new Date().toISOString() };
    const maxAgeMs = this.config.COACH_REACH_MAX_AGE_SECONDS * 1000;
    if (row.cachedReach !== null && row.reachComputedMs !== null && Date.now() - row.reachComputedMs <= maxAgeMs) {
      return { value: row.cachedReach, at: new Date(row.reachComputedMs).toISOString() };
    }
    const value = await this.paths.reachToGoalWork(row.memberId);
    return { value, at: await this.repo.storeReach(row.memberId, value) };
  }

  /** For the scheduled job: recompute the oldest cached reach figures of coached members. */
  async refreshReach(limit = 200): Promise<number> {
    const ids = await this.repo.staleReach(Date.now() - (this.config.COACH_REACH_MAX_AGE_SECONDS * 1000) / 2, limit);
    for (const id of ids) await this.repo.storeReach(id, await this.paths.reachToGoalWork(id));
    return ids.length;
  }

  private async noteViews(viewerId: string, rows: NoteRow[]): Promise<CoachNoteView[]> {
    const people = new Map((await this.repo.people(viewerId, [...new Set(rows.flatMap((r) => [r.memberId, r.authorId]))])).map((p) => [p.id, p.person]));
    return rows.map((r) => ({
      id: r.id,
      member: people.get(r.memberId)!,
      author: people.get(r.authorId)!,
      body: r.body,
      visibility: r.visibility,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    }));
  }
}

function view(
  member: PersonView,
  row: ProgressRow,
  goals: MemberProgressView['goals'],
  reach: { value: number; at: string },
  staleBefore: number,
): MemberProgressView {
  const stalled = row.lastActivityMs === null || row.lastActivityMs < staleBefore;
  const nudge = row.lastNudge;
  return {
    member,
    goals,
    networkSize: row.networkSize,
    networkGrowth30d: row.networkGrowth30d,
    reachToGoalWork: reach.value,
    reachComputedAt: reach.at,
    introsRequested: row.introsRequested,
    introsMade: row.introsMade,
    meetings: row.meetings,
    outcomes: row.outcomes,
    lastActivityAt: row.lastActivityMs === null ? null : new Date(row.lastActivityMs).toISOString(),
    stalled,
    nudgedAt: stalled && nudge && nudge.stalledSince === (row.lastActivityMs ?? 0) ? nudge.at : null,
    sharedDeclineNotes: null,
  };
}
