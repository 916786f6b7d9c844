import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '#libs/config';
import { Neo4jService, type Tx } from '#libs/graph';
import { INTRO_UPDATED_CHANNEL, IntroMessageKind, jobIdOf, JobName, JobOutbox, QueueService, type PlannedJob } from '#libs/queue';
import { dateInWords } from './intro-mail.js';
import { askingStatus, assertTransition, type IntroStatus } from './intro-state.js';
import type { EventKind, RequestRecord, StepState } from './intro.types.js';
import { IntroductionsRepository } from './introductions.repository.js';

export const WEEK_MS = 7 * 24 * 3600 * 1000;

/** What one transaction decided: jobs to hand to the queue after it commits. */
export class Change {
  readonly jobs: PlannedJob[] = [];
  readonly nowMs = Date.now();
  readonly now = new Date(this.nowMs).toISOString();

  plan(job: PlannedJob): void {
    this.jobs.push(job);
  }
}

export function notify(requestId: string, kind: IntroMessageKind, recipientId: string, step: number, attempt: number): PlannedJob {
  return {
    name: JobName.IntroNotify,
    data: { requestId, kind, recipientId, step, attempt },
    jobId: jobIdOf('notify', requestId, kind, step, attempt, recipientId),
  };
}

export interface Ending {
  status: 'DECLINED' | 'EXPIRED' | 'WITHDRAWN';
  /** The step that ended it (declined, expired, or whose person left); null for a withdrawal. */
  step: number | null;
  actorId: string | null;
  note: string | null;
  shareWithCoach?: boolean;
}

/**
 * The parts every introduction change shares: one transaction per change with its jobs in the
 * outbox, the broker's line (asking or waiting, freeing a place), and the one way a request ends.
 */
@Injectable()
export class IntroFlow {
  constructor(
    @Inject(IntroductionsRepository) private readonly repo: IntroductionsRepository,
    @Inject(Neo4jService) private readonly neo4j: Neo4jService,
    @Inject(JobOutbox) private readonly outbox: JobOutbox,
    @Inject(QueueService) private readonly queues: QueueService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Runs one state change; after the commit hands its jobs to the queue and announces the change. */
  async change(work: (tx: Tx, change: Change) => Promise<string | null>): Promise<void> {
    let change = new Change();
    const changed = await this.neo4j.write(async (tx) => {
      change = new Change(); // a retried transaction starts its decisions afresh
      const id = await work(tx, change);
      await this.outbox.record(tx, change.jobs);
      return id;
    });
    await this.outbox.flush(change.jobs);
    if (changed) {
      try {
        await this.queues.publish(INTRO_UPDATED_CHANNEL, changed);
      } catch {
        // Live updates are best effort; the state is already committed and queryable.
      }
    }
  }

  /** Locks the request, then everyone on it (always in this order), and reads it. */
  lock(tx: Tx, requestId: string): Promise<RequestRecord | null> {
    return this.repo.lockAndLoad(tx, requestId);
  }

  async event(
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
    await this.repo.addEvent(
      tx,
      id,
      { kind, status, actorId, step, note, relayedFor: extra.relayedFor ?? null, shareWithCoach: extra.shareWithCoach ?? false },
      change.now,
    );
  }

  /**
   * Asks step `index`: its account holder, or whoever recorded them when they have no account.
   * A broker who is away, at capacity, past the weekly limit or with others before this request
   * in line means the request waits instead. A step after someone's yes goes before first asks
   * in the line, and when it is the same broker finishing what they agreed to, it is not a new
   * ask of their week.
   */
  async startAsk(tx: Tx, change: Change, id: string, index: number, count: number, requesterId: string, from: IntroStatus): Promise<void> {
    const priority = index > 0 ? 0 : 1;
    const ask = await this.repo.askState(tx, id, index, change.nowMs, change.nowMs - WEEK_MS, priority);
    const askeeId = ask?.askeeId ?? null;
    if (!ask || !askeeId) {
      assertTransition(from, 'EXPIRED', 'continue');
      await this.end(
        tx,
        change,
        { id, steps: [], currentStep: null },
        {
          status: 'EXPIRED',
          step: index,
          actorId: null,
          note: 'someone on the path is no longer available',
        },
      );
      return;
    }
    // Brokering counts against capacity: passing an ask on, or relaying for a contact. The target
    // answering for themselves, and a member relaying for their own contact, do not.
    const targetAnswers = index === count - 1 && askeeId === ask.personId;
    const counts = askeeId !== requesterId && !targetAnswers;
    const logWeek = !ask.sameBrokerSaidYes;
    let reason: string | null = null;
    let retryAt: number | null = null;
    if (counts) {
      if (ask.awayUntil && ask.awayUntil > change.nowMs) {
        reason = `waiting: someone on the path is away until ${dateInWords(new Date(ask.awayUntil).toISOString(), null)}`;
        retryAt = ask.awayUntil + 1000;
      } else if (ask.ahead > 0 || ask.open >= ask.capacity) {
        reason = 'waiting in line: someone on the path is already helping as many people as they can; you will be asked about as soon as they have room';
      } else if (logWeek && ask.recent.length >= this.config.INTRO_WEEKLY_ASKS_PER_BROKER) {
        retryAt = Math.min(...ask.recent) + WEEK_MS + 1000;
        reason = `waiting: someone on the path has had as many asks this week as they take; they can be asked again from ${dateInWords(new Date(retryAt).toISOString(), null)}`;
      }
    }
    const expiresAtMs = change.nowMs + this.config.INTRO_EXPIRE_AFTER_SECONDS * 1000;
    const expiresAt = new Date(expiresAtMs).toISOString();
    if (reason) {
      if (ask.state === 'WAITING') return; // already in line
      assertTransition(from, 'ASKING', 'wait for a broker');
      const attempt = await this.repo.wait(tx, { id, index, askeeId, expiresAt, nowMs: change.nowMs, since: ask.since, priority, reason }, change.now);
      const ref = { requestId: id, step: index, attempt };
      change.plan({ name: JobName.IntroExpire, data: ref, jobId: jobIdOf('expire', id, index, attempt), runAt: expiresAtMs });
      if (retryAt)
        change.plan({
          name: JobName.IntroDispatch,
          data: { requestId: id, step: index },
          jobId: jobIdOf('dispatch', id, index, attempt, 'retry'),
          runAt: retryAt,
        });
      // A waiting request is offered a path with room at once if there is one, and any other path after the bounded wait.
      change.plan({ name: JobName.IntroWaitCheck, data: { ...ref, final: false }, jobId: jobIdOf('waitcheck', id, index, attempt, 'now') });
      const bound = change.nowMs + this.config.INTRO_WAIT_MAX_SECONDS * 1000;
      if (bound < expiresAtMs)
        change.plan({ name: JobName.IntroWaitCheck, data: { ...ref, final: true }, jobId: jobIdOf('waitcheck', id, index, attempt, 'bound'), runAt: bound });
      return;
    }
    const status = askingStatus(index, count);
    assertTransition(from, status, 'ask');
    const attempt = await this.repo.openAsk(
      tx,
      { id, index, askeeId, counts, logWeek, recent: ask.recent, status, expiresAt, nowMs: change.nowMs },
      change.now,
    );
    change.plan(notify(id, IntroMessageKind.Ask, askeeId, index, attempt));
    const ref = { requestId: id, step: index, attempt };
    change.plan({
      name: JobName.IntroRemind,
      data: ref,
      jobId: jobIdOf('remind', id, index, attempt),
      runAt: change.nowMs + this.config.INTRO_REMIND_AFTER_SECONDS * 1000,
    });
    change.plan({ name: JobName.IntroExpire, data: ref, jobId: jobIdOf('expire', id, index, attempt), runAt: expiresAtMs });
    // A broker's ask still unanswered after the bound: ranking learns it, and the member is offered another path.
    const unansweredAt = change.nowMs + this.config.INTRO_ASK_UNANSWERED_SECONDS * 1000;
    if (counts && unansweredAt < expiresAtMs) {
      change.plan({
        name: JobName.IntroWaitCheck,
        data: { ...ref, final: true },
        jobId: jobIdOf('waitcheck', id, index, attempt, 'unanswered'),
        runAt: unansweredAt,
      });
    }
    // Room left (capacity raised, say): the next in line need not wait for a release.
    const next = ask.nextWaiting;
    if (counts && ask.open + 1 < ask.capacity && next && next.id !== id) {
      change.plan({
        name: JobName.IntroDispatch,
        data: { requestId: next.id, step: next.step },
        jobId: jobIdOf('dispatch', next.id, next.step, 'after', id, index, attempt),
      });
    }
  }

  /** Frees the request's ask (or place in line) and wakes whoever goes next for that broker. */
  async release(tx: Tx, change: Change, id: string): Promise<void> {
    const freed = await this.repo.release(tx, id);
    if (freed?.next && freed.next.id !== id) {
      change.plan({
        name: JobName.IntroDispatch,
        data: { requestId: freed.next.id, step: freed.next.step },
        jobId: jobIdOf('dispatch', freed.next.id, freed.next.step, 'freed', id, change.nowMs),
      });
    }
  }

  /**
   * The one way an open request ends: the open ask or place in line is cancelled and freed, the
   * ending step marked, the status and its event recorded; whoever holds an ask that someone
   * else ended is told; after a decline or expiry the reroute job tells the requester.
   */
  async end(tx: Tx, change: Change, rec: Pick<RequestRecord, 'id' | 'currentStep' | 'steps'>, e: Ending): Promise<void> {
    const current = rec.currentStep === null ? undefined : rec.steps.find((s) => s.index === rec.currentStep);
    const open = current && (current.state === 'ASKED' || current.state === 'WAITING') ? current : undefined;
    if (open && open.index !== e.step) await this.repo.setStep(tx, rec.id, open.index, 'CANCELLED', change.now);
    if (e.step !== null) {
      const state: StepState = e.status === 'DECLINED' ? 'DECLINED' : 'EXPIRED';
      await this.repo.setStep(tx, rec.id, e.step, state, change.now, e.status === 'DECLINED' ? e.actorId : null);
    }
    await this.release(tx, change, rec.id);
    await this.repo.setStatus(tx, rec.id, e.status, change.now, { expiresAt: null });
    await this.event(tx, change, rec.id, e.status, e.status, e.actorId, e.step, e.note, { shareWithCoach: e.shareWithCoach ?? false });
    if (open?.state === 'ASKED' && open.askeeId && open.askeeId !== e.actorId) {
      change.plan(notify(rec.id, IntroMessageKind.AskEnded, open.askeeId, open.index, open.attempt));
    }
    if (e.status !== 'WITHDRAWN') change.plan({ name: JobName.IntroReroute, data: { requestId: rec.id }, jobId: jobIdOf('reroute', rec.id) });
  }
}
