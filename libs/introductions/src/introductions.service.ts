import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Viewer } from '#libs/auth';
import { badInput, checkPageSize, conflict, decodeCursor, encodeCursor, forbidden, notFound } from '#libs/common';
import { AppConfig } from '#libs/config';
import { Neo4jService, type Tx } from '#libs/graph';
import { PathHandles, PathsService, workPhrase } from '#libs/paths';
import { INTRO_UPDATED_CHANNEL, IntroMessageKind, jobIdOf, JobName, JobOutbox, QueueService, type PlannedJob } from '#libs/queue';
import { askingStatus, assertTransition, OPEN_STATUSES, type IntroOutcome, type IntroStatus } from './intro-state.js';
import type { EventKind, IntroductionPage, IntroductionView, IntroEventView, RequestRecord } from './intro.types.js';
import { IntroductionsRepository } from './introductions.repository.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;
export const INTRO_NOTE_MAX = 1000;
export const INTRO_MESSAGE_MAX = 2000;

/** What one transaction decided: jobs to hand to the queue after it commits. */
class Change {
  readonly jobs: PlannedJob[] = [];
  readonly nowMs = Date.now();
  readonly now = new Date(this.nowMs).toISOString();

  plan(job: PlannedJob): void {
    this.jobs.push(job);
  }
}

export interface RespondInput {
  requestId: string;
  accept: boolean;
  note?: string | null;
  onBehalfOfPersonId?: string | null;
  shareNoteWithCoach?: boolean | null;
}

export interface OutcomeInput {
  requestId: string;
  met: boolean;
  outcome?: IntroOutcome | null;
  note?: string | null;
}

/**
 * The double opt-in workflow. Every state change runs in one transaction that locks the
 * request (and the broker whose capacity it uses), checks the transition, records an event,
 * and records the jobs it needs in the graph's outbox; the jobs reach Redis after the commit.
 */
@Injectable()
export class IntroductionsService {
  constructor(
    @Inject(IntroductionsRepository) private readonly repo: IntroductionsRepository,
    @Inject(Neo4jService) private readonly neo4j: Neo4jService,
    @Inject(PathsService) private readonly paths: PathsService,
    @Inject(PathHandles) private readonly handles: PathHandles,
    @Inject(JobOutbox) private readonly outbox: JobOutbox,
    @Inject(QueueService) private readonly queues: QueueService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  // ------------------------------------------------------------------ members' actions

  async request(viewer: Viewer, input: { pathId: string; message: string; clientMutationId?: string | null }): Promise<IntroductionView> {
    const message = (input.message ?? '').trim();
    if (!message) throw badInput('input.message', 'must not be empty: say what you hope the introduction leads to');
    if (message.length > INTRO_MESSAGE_MAX) throw badInput('input.message', `must be at most ${INTRO_MESSAGE_MAX} characters`);
    const cmid = input.clientMutationId ?? null;
    if (cmid !== null && (cmid.length < 1 || cmid.length > 100)) throw badInput('input.clientMutationId', 'must be 1 to 100 characters');
    const key = cmid === null ? null : `${viewer.personId}|${cmid}`;

    const handle = this.handles.open(input.pathId, viewer.personId, 'input.pathId');
    const targetId = handle.nodes[handle.nodes.length - 1];
    const path = await this.paths.pathFor(viewer.personId, handle.nodes, handle.score);
    if (!path) throw badInput('input.pathId', 'someone on this path is no longer reachable this way; ask introPaths again');

    const id = randomUUID();
    let existing: string | null = null;
    await this.change(async (tx, change) => {
      existing = null;
      const prep = await this.repo.prepareRequest(tx, { requesterId: viewer.personId, nodes: handle.nodes, idempotencyKey: key, targetId, open: OPEN_STATUSES });
      if (prep.existingId) {
        existing = prep.existingId;
        return null;
      }
      if (prep.openId) throw conflict('you already have an open introduction request to this person; withdraw it first', 'input.pathId');
      if (prep.edges.length !== handle.nodes.length) throw badInput('input.pathId', 'someone on this path is no longer reachable this way; ask introPaths again');
      const byIndex = new Map(prep.edges.map((e) => [e.index, e]));
      await this.repo.create(
        tx,
        {
          id,
          requesterId: viewer.personId,
          targetId,
          message,
          idempotencyKey: key,
          score: handle.score,
          rerouteOf: null,
          steps: handle.nodes.map((personId, index) => ({
            index,
            personId,
            label: path.steps[index].label,
            work: path.steps[index].work,
            context: byIndex.get(index)!.context,
            strength: byIndex.get(index)!.strength,
            recordedBy: byIndex.get(index)!.recordedBy,
          })),
        },
        { kind: 'REQUESTED', status: 'REQUESTED', actorId: viewer.personId, step: null, note: null },
        change.now,
      );
      await this.startAsk(tx, change, id, 0, handle.nodes.length, viewer.personId, 'REQUESTED');
      return id;
    });
    const view = await this.get(viewer, existing ?? id);
    if (!view) throw notFound('input.pathId', 'the introduction request');
    return view;
  }

  async respond(viewer: Viewer, input: RespondInput): Promise<IntroductionView> {
    checkNote(input.note, 'input.note');
    await this.change(async (tx, change) => {
      const rec = await this.visibleForUpdate(tx, viewer, input.requestId, 'input.requestId');
      const answered = lastAnswerBy(rec, viewer.personId);
      const index = rec.currentStep;
      const step = index === null ? null : rec.steps[index];
      const isMyAsk = OPEN_STATUSES.includes(rec.status) && step?.state === 'ASKED' && step.askeeId === viewer.personId;
      if (!isMyAsk) {
        // A repeated click on the same answer is the same answer, not an error.
        if (answered && (answered === 'ACCEPTED') === input.accept) return null;
        if (answered) throw conflict('you already answered this ask', 'input.accept');
        if (!OPEN_STATUSES.includes(rec.status)) assertTransition(rec.status, 'DECLINED', 'answer');
        throw forbidden('This ask is not waiting for your answer: only the person being asked now (or who relays for them) can answer it.');
      }
      const relayed = step!.personId !== viewer.personId;
      if (relayed) {
        if (!input.onBehalfOfPersonId) {
          throw badInput('input.onBehalfOfPersonId', 'this ask is for a contact of yours without an account: ask them, then answer with their id here');
        }
        if (input.onBehalfOfPersonId !== step!.personId) throw forbidden('You can relay consent only for the person this ask is about, whom you know.');
      } else if (input.onBehalfOfPersonId && input.onBehalfOfPersonId !== viewer.personId) {
        throw badInput('input.onBehalfOfPersonId', 'you are asked yourself: leave this out');
      }
      const last = index === rec.steps.length - 1;
      const note = input.note?.trim() || null;
      if (input.accept) {
        assertTransition(rec.status, last ? 'INTRODUCED' : askingStatus(index! + 1, rec.steps.length), 'accept');
        await this.repo.setStep(tx, rec.id, index!, 'ACCEPTED', change.now, viewer.personId);
        await this.release(tx, change, rec.id);
        await this.event(tx, change, rec.id, 'ACCEPTED', rec.status, viewer.personId, index, note, { relayedFor: relayed ? step!.personId : null });
        if (last) await this.introduce(tx, change, rec);
        else await this.startAsk(tx, change, rec.id, index! + 1, rec.steps.length, rec.requesterId, rec.status);
      } else {
        assertTransition(rec.status, 'DECLINED', 'decline');
        await this.repo.setStep(tx, rec.id, index!, 'DECLINED', change.now, viewer.personId);
        await this.release(tx, change, rec.id);
        await this.repo.recordDecline(tx, viewer.personId, change.nowMs);
        await this.repo.setStatus(tx, rec.id, 'DECLINED', change.now, { expiresAt: null });
        await this.event(tx, change, rec.id, 'DECLINED', 'DECLINED', viewer.personId, index, note, { shareWithCoach: input.shareNoteWithCoach === true });
        this.closedJobs(change, rec, index!, last);
      }
      return rec.id;
    });
    return this.mustGet(viewer, input.requestId);
  }

  async withdraw(viewer: Viewer, requestId: string): Promise<IntroductionView> {
    await this.change(async (tx, change) => {
      const rec = await this.visibleForUpdate(tx, viewer, requestId, 'requestId');
      if (rec.requesterId !== viewer.personId) throw forbidden('Only the member who asked for this introduction can withdraw it.');
      assertTransition(rec.status, 'WITHDRAWN', 'withdraw');
      await this.withdrawLocked(tx, change, rec);
      return rec.id;
    });
    return this.mustGet(viewer, requestId);
  }

  /**
   * Before a person's data is erased (account deletion or suppression): their own open requests
   * are withdrawn, and open requests that would still ask them end as EXPIRED ("someone on the
   * path is no longer available"), freeing broker slots and offering another path as after an
   * expiry. Each request is its own transaction; running it again changes nothing.
   */
  async releaseForErasure(personId: string): Promise<void> {
    const { own, through } = await this.repo.openInvolving(personId, OPEN_STATUSES);
    for (const id of own) {
      await this.change(async (tx, change) => {
        const rec = await this.lockRequest(tx, id);
        if (!rec || !OPEN_STATUSES.includes(rec.status)) return null;
        await this.withdrawLocked(tx, change, rec);
        return rec.id;
      });
    }
    for (const id of through) {
      await this.change(async (tx, change) => {
        const rec = await this.lockRequest(tx, id);
        if (!rec || !OPEN_STATUSES.includes(rec.status)) return null;
        // Only a step still to be answered needs them; a step they already passed stays as it is.
        const theirs = rec.steps.find((s) => (s.personId === personId || s.askeeId === personId) && (s.state === 'PENDING' || s.state === 'ASKED' || s.state === 'WAITING'));
        if (!theirs) return null;
        const current = rec.currentStep === null ? null : rec.steps[rec.currentStep];
        if (current && current.index !== theirs.index && (current.state === 'ASKED' || current.state === 'WAITING')) {
          await this.repo.setStep(tx, rec.id, current.index, 'CANCELLED', change.now);
        }
        await this.repo.setStep(tx, rec.id, theirs.index, 'EXPIRED', change.now);
        await this.release(tx, change, rec.id);
        await this.repo.setStatus(tx, rec.id, 'EXPIRED', change.now, { expiresAt: null });
        await this.event(tx, change, rec.id, 'EXPIRED', 'EXPIRED', null, theirs.index, 'someone on the path is no longer available');
        this.closedJobs(change, rec, theirs.index, theirs.index === rec.steps.length - 1);
        return rec.id;
      });
    }
  }

  private async withdrawLocked(tx: Tx, change: Change, rec: RequestRecord): Promise<void> {
    const step = rec.currentStep === null ? null : rec.steps[rec.currentStep];
    if (step && (step.state === 'ASKED' || step.state === 'WAITING')) await this.repo.setStep(tx, rec.id, step.index, 'CANCELLED', change.now);
    await this.release(tx, change, rec.id);
    await this.repo.setStatus(tx, rec.id, 'WITHDRAWN', change.now, { expiresAt: null });
    await this.event(tx, change, rec.id, 'WITHDRAWN', 'WITHDRAWN', rec.requesterId, null, null);
  }

  async recordOutcome(viewer: Viewer, input: OutcomeInput): Promise<IntroductionView> {
    checkNote(input.note, 'input.note');
    await this.change(async (tx, change) => {
      const rec = await this.visibleForUpdate(tx, viewer, input.requestId, 'input.requestId');
      if (rec.requesterId !== viewer.personId) throw forbidden('Only the member who asked for this introduction records its outcome.');
      if (rec.status !== 'INTRODUCED' && rec.status !== 'MET') {
        if (OPEN_STATUSES.includes(rec.status)) throw conflict('cannot record an outcome before the introduction is made (status INTRODUCED)');
        assertTransition(rec.status, 'CLOSED', 'record an outcome');
      }
      const note = input.note?.trim() || null;
      if (rec.status === 'MET' && !input.met) throw badInput('input.met', 'the meeting is already recorded; send met: true with the outcome');
      if (rec.status === 'MET' && !input.outcome) throw badInput('input.outcome', 'give the outcome to close this introduction');
      if (input.met && rec.status === 'INTRODUCED') {
        assertTransition(rec.status, 'MET', 'record the meeting');
        await this.repo.setStatus(tx, rec.id, 'MET', change.now);
        await this.event(tx, change, rec.id, 'MET', 'MET', viewer.personId, null, input.outcome ? null : note);
      }
      if (!input.met || input.outcome) {
        await this.repo.setStatus(tx, rec.id, 'CLOSED', change.now, { outcome: input.outcome ?? 'NONE' });
        await this.event(tx, change, rec.id, 'CLOSED', 'CLOSED', viewer.personId, null, note);
      }
      return rec.id;
    });
    return this.mustGet(viewer, input.requestId);
  }

  // ------------------------------------------------------------------ reading

  async get(viewer: Viewer, requestId: string): Promise<IntroductionView | null> {
    const rec = await this.repo.load(requestId);
    if (!rec || !isParty(rec, viewer.personId)) return null;
    return this.view(viewer.personId, rec);
  }

  /** The person ids who may see a request (live updates route on it in memory). */
  audience(requestId: string): Promise<string[]> {
    return this.repo.audience(requestId);
  }

  canSee(viewer: Viewer, requestId: string): Promise<boolean> {
    return this.repo.isParty(requestId, viewer.personId);
  }

  async mine(viewer: Viewer, statuses: IntroStatus[] | null, first: number, after: string | null): Promise<IntroductionPage> {
    checkPageSize(first, 'first', 100);
    const cursor = decodeCursor(after, 'after') as [number, string] | null;
    const { rows, totalCount } = await this.repo.mine(viewer.personId, statuses?.length ? statuses : null, first, cursor);
    return this.page(viewer, rows, first, totalCount);
  }

  async inbox(viewer: Viewer, first: number, after: string | null): Promise<IntroductionPage> {
    checkPageSize(first, 'first', 100);
    const cursor = decodeCursor(after, 'after') as [number, string] | null;
    const { rows, totalCount } = await this.repo.inbox(viewer.personId, first, cursor);
    return this.page(viewer, rows, first, totalCount);
  }

  // ------------------------------------------------------------------ the worker's jobs (idempotent)

  /** Starts a waiting ask when its broker has room; does nothing if the request moved on. */
  async dispatch(requestId: string, step: number): Promise<void> {
    await this.change(async (tx, change) => {
      const rec = await this.lockRequest(tx, requestId);
      if (!rec || !OPEN_STATUSES.includes(rec.status) || rec.currentStep !== step || rec.steps[step]?.state !== 'WAITING') return null;
      await this.startAsk(tx, change, rec.id, step, rec.steps.length, rec.requesterId, rec.status);
      return rec.id;
    });
  }

  /** Reminds the person asked, if that same ask is still open. Returns whether it did. */
  async remind(requestId: string, step: number, attempt: number): Promise<boolean> {
    let reminded = false;
    await this.change(async (tx, change) => {
      reminded = false;
      const rec = await this.lockRequest(tx, requestId);
      const s = rec?.steps[step];
      if (!rec || !OPEN_STATUSES.includes(rec.status) || rec.currentStep !== step || s?.state !== 'ASKED' || s.attempt !== attempt) return null;
      if (rec.events.some((e) => e.kind === 'REMINDED' && e.step === step && e.note === `attempt ${attempt}`)) return null;
      await this.event(tx, change, rec.id, 'REMINDED', rec.status, null, step, `attempt ${attempt}`);
      change.plan(notify(rec.id, IntroMessageKind.Reminder, s.askeeId!, step, attempt));
      reminded = true;
      return rec.id;
    });
    return reminded;
  }

  /** Ends the request when the same ask (or wait) is still open past its time. */
  async expire(requestId: string, step: number, attempt: number): Promise<void> {
    await this.change(async (tx, change) => {
      const rec = await this.lockRequest(tx, requestId);
      const s = rec?.steps[step];
      if (!rec || !OPEN_STATUSES.includes(rec.status) || rec.currentStep !== step || !s || s.attempt !== attempt) return null;
      if (s.state !== 'ASKED' && s.state !== 'WAITING') return null;
      assertTransition(rec.status, 'EXPIRED', 'expire');
      await this.repo.setStep(tx, rec.id, step, 'EXPIRED', change.now);
      await this.release(tx, change, rec.id);
      await this.repo.setStatus(tx, rec.id, 'EXPIRED', change.now, { expiresAt: null });
      await this.event(tx, change, rec.id, 'EXPIRED', 'EXPIRED', null, step, s.state === 'WAITING' ? 'no broker had room in time' : 'no answer in time');
      this.closedJobs(change, rec, step, step === rec.steps.length - 1);
      return rec.id;
    });
  }

  /** Looks for the next best path to the same person, avoiding whoever declined or did not answer. */
  async reroute(requestId: string): Promise<void> {
    const rec = await this.repo.load(requestId);
    if (!rec || (rec.status !== 'DECLINED' && rec.status !== 'EXPIRED')) return;
    if (rec.events.some((e) => e.kind === 'REROUTE_OFFERED' || e.kind === 'NO_REROUTE')) return;
    const avoid = rec.steps.filter((s) => s.state === 'DECLINED' || s.state === 'EXPIRED').map((s) => s.personId);
    const found = await this.paths.alternativePath(rec.requesterId, rec.targetId, avoid);
    await this.change(async (tx, change) => {
      const again = await this.lockRequest(tx, requestId);
      if (!again || again.events.some((e) => e.kind === 'REROUTE_OFFERED' || e.kind === 'NO_REROUTE')) return null;
      await this.repo.setNextPath(tx, requestId, found?.nodes ?? null, found?.score ?? null);
      if (found) {
        await this.event(tx, change, requestId, 'REROUTE_OFFERED', again.status, null, null, 'another path to this person is available: confirm it to ask again');
        change.plan(notify(requestId, IntroMessageKind.Rerouted, again.requesterId, 0, 0));
      } else {
        await this.event(tx, change, requestId, 'NO_REROUTE', again.status, null, null, 'no other path to this person was found');
      }
      return requestId;
    });
  }

  /** Whether to nudge the requester to record how the introduction went (still INTRODUCED). */
  async needsOutcome(requestId: string): Promise<string | null> {
    const rec = await this.repo.load(requestId);
    return rec && rec.status === 'INTRODUCED' ? rec.requesterId : null;
  }

  // ------------------------------------------------------------------ internals

  /** Runs one state change; after the commit hands its jobs to the queue and announces the change. */
  private async change(work: (tx: Tx, change: Change) => Promise<string | null>): Promise<void> {
    let change = new Change();
    const changed = await this.neo4j.write(async (tx) => {
      change = new Change(); // a retried transaction starts its decisions afresh
      const id = await work(tx, change);
      await this.outbox.record(tx, change.jobs);
      return id;
    });
    await this.outbox.flush(change.jobs);
    if (changed) await this.announce(changed);
  }

  private async announce(requestId: string): Promise<void> {
    try {
      await this.queues.publish(INTRO_UPDATED_CHANNEL, requestId);
    } catch {
      // Live updates are best effort; the state is already committed and queryable.
    }
  }

  /** Locks the request, then everyone on it (always in this order), and reads it. */
  private lockRequest(tx: Tx, requestId: string): Promise<RequestRecord | null> {
    return this.repo.lockAndLoad(tx, requestId);
  }

  private async visibleForUpdate(tx: Tx, viewer: Viewer, requestId: string, field: string): Promise<RequestRecord> {
    const rec = await this.lockRequest(tx, requestId);
    // One answer for "no such request" and "not yours to see".
    if (!rec || !isParty(rec, viewer.personId)) throw notFound(field, 'an introduction request you are part of was');
    return rec;
  }

  /**
   * Asks step `index`: its account holder, or whoever recorded them when they have no account.
   * A broker at capacity (or past the weekly limit, or with others already in line) means the
   * request waits in line instead.
   */
  private async startAsk(tx: Tx, change: Change, id: string, index: number, count: number, requesterId: string, from: IntroStatus): Promise<void> {
    const ask = await this.repo.askState(tx, id, index, change.nowMs, change.nowMs - WEEK_MS);
    const askeeId = ask?.askeeId ?? null;
    if (!ask || !askeeId) {
      assertTransition(from, 'EXPIRED', 'continue');
      await this.repo.setStep(tx, id, index, 'EXPIRED', change.now);
      await this.repo.setStatus(tx, id, 'EXPIRED', change.now, { expiresAt: null });
      await this.event(tx, change, id, 'EXPIRED', 'EXPIRED', null, index, 'the path is no longer available');
      change.plan({ name: JobName.IntroReroute, data: { requestId: id }, jobId: jobIdOf('reroute', id) });
      return;
    }
    // Brokering counts against capacity: passing an ask on, or relaying for a contact. The target
    // answering for themselves, and a member relaying for their own contact, do not.
    const targetAnswers = index === count - 1 && askeeId === ask.personId;
    const counts = askeeId !== requesterId && !targetAnswers;
    let waitReason: string | null = null;
    let retryAt: number | null = null;
    if (counts) {
      if (ask.olderWaiting || ask.open >= ask.capacity) waitReason = 'waiting in line for a broker with room';
      else if (ask.recent.length >= this.config.INTRO_WEEKLY_ASKS_PER_BROKER) {
        waitReason = 'waiting: the broker has had as many asks this week as they take';
        retryAt = Math.min(...ask.recent) + WEEK_MS + 1000;
      }
    }
    const expiresAtMs = change.nowMs + this.config.INTRO_EXPIRE_AFTER_SECONDS * 1000;
    const expiresAt = new Date(expiresAtMs).toISOString();
    if (waitReason) {
      if (ask.state === 'WAITING') return; // already in line
      assertTransition(from, 'ASKING', 'wait for a broker');
      const attempt = await this.repo.wait(tx, { id, index, askeeId, expiresAt, nowMs: change.nowMs, reason: waitReason }, change.now);
      change.plan({ name: JobName.IntroExpire, data: { requestId: id, step: index, attempt }, jobId: jobIdOf('expire', id, index, attempt), runAt: expiresAtMs });
      if (retryAt) change.plan({ name: JobName.IntroDispatch, data: { requestId: id, step: index }, jobId: jobIdOf('dispatch', id, index, attempt, 'week'), runAt: retryAt });
      return;
    }
    const status = askingStatus(index, count);
    assertTransition(from, status, 'ask');
    const attempt = await this.repo.openAsk(tx, { id, index, askeeId, counts, recent: ask.recent, status, expiresAt, nowMs: change.nowMs }, change.now);
    change.plan(notify(id, IntroMessageKind.Ask, askeeId, index, attempt));
    const ref = { requestId: id, step: index, attempt };
    change.plan({ name: JobName.IntroRemind, data: ref, jobId: jobIdOf('remind', id, index, attempt), runAt: change.nowMs + this.config.INTRO_REMIND_AFTER_SECONDS * 1000 });
    change.plan({ name: JobName.IntroExpire, data: ref, jobId: jobIdOf('expire', id, index, attempt), runAt: expiresAtMs });
    // Room left (capacity raised, say): the next in line need not wait for a release.
    const next = ask.nextWaiting;
    if (counts && ask.open + 1 < ask.capacity && next) {
      change.plan({ name: JobName.IntroDispatch, data: { requestId: next.id, step: next.step }, jobId: jobIdOf('dispatch', next.id, next.step, 'after', id, index, attempt) });
    }
  }

  /** Frees the request's ask (or place in line) and wakes whoever waits longest for that broker. */
  private async release(tx: Tx, change: Change, id: string): Promise<void> {
    const freed = await this.repo.release(tx, id);
    if (freed?.next && freed.next.id !== id) {
      change.plan({
        name: JobName.IntroDispatch,
        data: { requestId: freed.next.id, step: freed.next.step },
        jobId: jobIdOf('dispatch', freed.next.id, freed.next.step, 'freed', id, change.nowMs),
      });
    }
  }

  private async introduce(tx: Tx, change: Change, rec: RequestRecord): Promise<void> {
    await this.repo.setStatus(tx, rec.id, 'INTRODUCED', change.now, { currentStep: null, expiresAt: null });
    await this.event(tx, change, rec.id, 'INTRODUCED', 'INTRODUCED', null, null, null);
    change.plan(notify(rec.id, IntroMessageKind.Introduced, rec.requesterId, rec.steps.length - 1, 0));
    change.plan(notify(rec.id, IntroMessageKind.Introduced, rec.targetId, rec.steps.length - 1, 0));
    change.plan({
      name: JobName.IntroOutcomeNudge,
      data: { requestId: rec.id },
      jobId: jobIdOf('nudge', rec.id),
      runAt: change.nowMs + this.config.INTRO_OUTCOME_NUDGE_AFTER_SECONDS * 1000,
    });
  }

  /** After a decline or expiry: tell the requester (not who), and look for another path unless the target said no. */
  private closedJobs(change: Change, rec: RequestRecord, step: number, targetStep: boolean): void {
    change.plan(notify(rec.id, IntroMessageKind.Closed, rec.requesterId, step, 0));
    if (!targetStep) change.plan({ name: JobName.IntroReroute, data: { requestId: rec.id }, jobId: jobIdOf('reroute', rec.id) });
  }

  private async event(
    tx: Tx,
    change: Change,
    id: string,
    kind: EventKind,
    status: IntroStatus,
    actorId: string | null,
    step: number | null,
    note: string | null,
    extra: { relayedFor?: string | null; shareWithCoach?: boolean } = {},
  ): Promise<void> {
    await this.repo.addEvent(tx, id, { kind, status, actorId, step, note, relayedFor: extra.relayedFor ?? null, shareWithCoach: extra.shareWithCoach ?? false }, change.now);
  }

  private async mustGet(viewer: Viewer, requestId: string): Promise<IntroductionView> {
    const view = await this.get(viewer, requestId);
    if (!view) throw notFound('requestId', 'an introduction request you are part of was');
    return view;
  }

  private async page(viewer: Viewer, rows: { id: string; ms: number }[], first: number, totalCount: number): Promise<IntroductionPage> {
    const shown = rows.slice(0, first);
    const records = await this.repo.loadMany(shown.map((r) => r.id));
    const views = await Promise.all(records.map((rec) => this.view(viewer.personId, rec)));
    const cursorOf = new Map(shown.map((r) => [r.id, encodeCursor([r.ms, r.id])]));
    return { items: views.map((view) => ({ cursor: cursorOf.get(view.id)!, view })), hasNextPage: rows.length > first, totalCount };
  }

  /** The request as this viewer may see it: names only of people they know or who agreed to be known. */
  private async view(viewerId: string, rec: RequestRecord): Promise<IntroductionView> {
    const isRequester = rec.requesterId === viewerId;
    const people = new Map((await this.repo.people(viewerId, [rec.requesterId, ...rec.steps.map((s) => s.personId)])).map((p) => [p.id, p]));
    const introduced = rec.steps[rec.steps.length - 1]?.state === 'ACCEPTED';
    const visible = (personId: string, stepState: string | null): boolean => {
      if (personId === viewerId) return true;
      const p = people.get(personId);
      if (!p) return false;
      if (p.knows) return true;
      if (isRequester) return stepState === 'ACCEPTED';
      return personId === rec.requesterId || (introduced && viewerId === rec.targetId && personId === rec.requesterId);
    };
    const steps = rec.steps.map((s) => {
      const shown = visible(s.personId, s.state);
      const person = shown ? (people.get(s.personId)?.person ?? null) : null;
      let label: string;
      if (isRequester) label = person && !people.get(s.personId)?.knows ? `${person.displayName}, ${s.label}` : s.label;
      else label = s.personId === viewerId ? 'You' : person ? person.displayName : workPhrase(s.work);
      return { person, label, work: s.work, context: s.context, strength: s.strength };
    });
    const stepOf = new Map(rec.steps.map((s) => [s.index, s]));
    const history: IntroEventView[] = rec.events.map((e) => {
      const hideDecliner = e.kind === 'DECLINED' && e.actorId !== viewerId;
      let actorLabel: string;
      if (e.actorId === null) actorLabel = 'Backr';
      else if (e.actorId === viewerId) actorLabel = 'You';
      else if (hideDecliner) actorLabel = 'Someone on the path';
      else if (visible(e.actorId, e.step === null ? null : (stepOf.get(e.step)?.state ?? null))) actorLabel = people.get(e.actorId)?.person.displayName ?? 'Someone on the path';
      else if (isRequester && e.step !== null) actorLabel = stepOf.get(e.step)?.label ?? 'Someone on the path';
      else actorLabel = 'Someone on the path';
      const note = e.kind === 'DECLINED' && e.actorId !== viewerId ? null : e.kind === 'REMINDED' ? 'reminder sent' : e.note;
      return { at: e.at, status: e.status, actorLabel, note };
    });
    const open = OPEN_STATUSES.includes(rec.status);
    const current = open && rec.currentStep !== null ? rec.steps[rec.currentStep] : null;
    const awaitingMyAnswer = current?.state === 'ASKED' && current.askeeId === viewerId;
    const onBehalf = awaitingMyAnswer && current!.personId !== viewerId ? (people.get(current!.personId)?.person ?? null) : null;

    let introducedContact: IntroductionView['introducedContact'] = null;
    if (introduced && (isRequester || viewerId === rec.targetId)) {
      const other = isRequester ? rec.targetId : rec.requesterId;
      const recordedBy = isRequester ? rec.steps[rec.steps.length - 1].recordedBy : null;
      const contact = await this.repo.contact(other, recordedBy);
      const person = people.get(other)?.person;
      if (person) introducedContact = { person, ...contact };
    }
    const nextPath =
      isRequester && rec.nextPath && (rec.status === 'DECLINED' || rec.status === 'EXPIRED')
        ? await this.paths.pathFor(viewerId, rec.nextPath, rec.nextPathScore ?? 0)
        : null;
    return {
      id: rec.id,
      status: rec.status,
      requester: people.get(rec.requesterId)!.person,
      steps,
      message: rec.message,
      currentStep: open ? rec.currentStep : null,
      history,
      outcome: rec.outcome,
      createdAt: rec.createdAt,
      updatedAt: rec.updatedAt,
      expiresAt: open ? rec.expiresAt : null,
      introducedContact,
      nextPath,
      awaitingMyAnswer,
      answerOnBehalfOf: onBehalf,
    };
  }
}

function notify(requestId: string, kind: IntroMessageKind, recipientId: string, step: number, attempt: number): PlannedJob {
  return {
    name: JobName.IntroNotify,
    data: { requestId, kind, recipientId, step, attempt },
    jobId: jobIdOf('notify', requestId, kind, step, attempt, recipientId),
  };
}

function checkNote(note: string | null | undefined, field: string): void {
  if (note && note.length > INTRO_NOTE_MAX) throw badInput(field, `must be at most ${INTRO_NOTE_MAX} characters`);
}

/** The requester, and everyone who has been asked on the request (not those still in line). */
function isParty(rec: RequestRecord, personId: string): boolean {
  return rec.requesterId === personId || rec.askedIds.includes(personId);
}

function lastAnswerBy(rec: RequestRecord, personId: string): 'ACCEPTED' | 'DECLINED' | null {
  const answer = [...rec.events].reverse().find((e) => e.actorId === personId && (e.kind === 'ACCEPTED' || e.kind === 'DECLINED'));
  return (answer?.kind as 'ACCEPTED' | 'DECLINED' | undefined) ?? null;
}
