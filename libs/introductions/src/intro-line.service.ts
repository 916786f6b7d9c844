import { Inject, Injectable } from '@nestjs/common';
import { PathsService } from '#libs/paths';
import { IntroMessageKind } from '#libs/queue';
import { broken } from './intro-answers.service.js';
import { IntroBrokersRepository } from './intro-brokers.repository.js';
import { IntroReadsRepository } from './intro-reads.repository.js';
import { IntroFlow, notify } from './intro-flow.js';
import { IntroRequestsService } from './intro-requests.service.js';
import { OPEN_STATUSES } from './intro-state.js';
import type { RequestRecord } from './intro.types.js';
import { IntroductionsRepository } from './introductions.repository.js';

const GONE = 'someone on the path is no longer available';

/**
 * The worker's side of introductions (every job re-checks the state under the request's lock,
 * so a replayed job changes nothing), and ending requests when someone on them leaves.
 */
@Injectable()
export class IntroLineService {
  constructor(
    @Inject(IntroductionsRepository) private readonly repo: IntroductionsRepository,
    @Inject(IntroFlow) private readonly flow: IntroFlow,
    @Inject(PathsService) private readonly paths: PathsService,
    @Inject(IntroBrokersRepository) private readonly brokers: IntroBrokersRepository,
    @Inject(IntroReadsRepository) private readonly reads: IntroReadsRepository,
    @Inject(IntroRequestsService) private readonly requests: IntroRequestsService,
  ) {}

  /** Starts a waiting ask when its broker has room; does nothing if the request moved on. */
  async dispatch(requestId: string, step: number): Promise<void> {
    await this.flow.change(async (tx, change) => {
      const rec = await this.flow.lock(tx, requestId);
      if (!rec || !OPEN_STATUSES.includes(rec.status) || rec.currentStep !== step) return null;
      if (broken(rec)) {
        await this.flow.end(tx, change, rec, { status: 'EXPIRED', step: null, actorId: null, note: GONE });
        return rec.id;
      }
      if (rec.steps.find((s) => s.index === step)?.state !== 'WAITING') return null;
      await this.flow.startAsk(tx, change, rec.id, step, rec.steps.length, rec.requesterId, rec.status);
      return rec.id;
    });
  }

  /** Reminds the person asked, if that same ask is still open. Returns whether it did. */
  async remind(requestId: string, step: number, attempt: number): Promise<boolean> {
    let reminded = false;
    await this.flow.change(async (tx, change) => {
      reminded = false;
      const rec = await this.flow.lock(tx, requestId);
      const s = rec?.steps.find((x) => x.index === step);
      if (!rec || !OPEN_STATUSES.includes(rec.status) || rec.currentStep !== step || s?.state !== 'ASKED' || s.attempt !== attempt) return null;
      if (rec.events.some((e) => e.kind === 'REMINDED' && e.step === step && e.note === `attempt ${attempt}`)) return null;
      await this.flow.event(tx, change, rec.id, 'REMINDED', rec.status, null, step, `attempt ${attempt}`);
      change.plan(notify(rec.id, IntroMessageKind.Reminder, s.askeeId!, step, attempt));
      reminded = true;
      return rec.id;
    });
    return reminded;
  }

  /** Ends the request when the same ask (or wait) is still open past its time. */
  async expire(requestId: string, step: number, attempt: number): Promise<boolean> {
    let ended = false;
    await this.flow.change(async (tx, change) => {
      ended = false;
      const rec = await this.flow.lock(tx, requestId);
      const s = rec?.steps.find((x) => x.index === step);
      if (!rec || !OPEN_STATUSES.includes(rec.status) || rec.currentStep !== step || !s || s.attempt !== attempt) return null;
      if (s.state !== 'ASKED' && s.state !== 'WAITING') return null;
      await this.flow.end(tx, change, rec, {
        status: 'EXPIRED',
        step,
        actorId: null,
        note: s.state === 'WAITING' ? 'nobody on the path had room in time' : 'no answer in time',
      });
      ended = true;
      return rec.id;
    });
    return ended;
  }

  /**
   * Ends, as their expiry job would have, open asks more than `graceMs` past their deadline: their job
   * failed for good (a database outage longer than its retries, say) or Redis lost it. One that fails
   * again is counted and passed over, so it cannot hold up the rest.
   */
  async expireOverdue(graceMs: number, limit = 200): Promise<{ ended: number; failed: number; error?: string }> {
    const counts: { ended: number; failed: number; error?: string } = { ended: 0, failed: 0 };
    for (const ask of await this.reads.overdueAsks(new Date(Date.now() - graceMs).toISOString(), OPEN_STATUSES, limit)) {
      try {
        if (await this.expire(ask.requestId, ask.step, ask.attempt)) counts.ended++;
      } catch (error) {
        counts.failed++;
        counts.error = (error as Error).name; // the kind only: a message may quote a value
      }
    }
    return counts;
  }

  /**
   * After a decline or expiry: looks for the next best path to the same person and tells the
   * requester in one message. The search avoids everyone between the requester and the target,
   * so the new path does not say who closed the old one; when the target said no (or did not
   * answer), nothing is searched and the requester hears the same "no other path" as otherwise.
   */
  async reroute(requestId: string): Promise<void> {
    const rec = await this.repo.load(requestId);
    if (!rec || (rec.status !== 'DECLINED' && rec.status !== 'EXPIRED')) return;
    if (rec.events.some((e) => e.kind === 'REROUTE_OFFERED' || e.kind === 'NO_REROUTE')) return;
    const last = rec.steps[rec.steps.length - 1];
    const targetClosed = !last || last.personId !== rec.targetId || last.state === 'DECLINED' || last.state === 'EXPIRED';
    const avoid = rec.steps.filter((s) => s.personId !== rec.targetId).map((s) => s.personId);
    const found = targetClosed ? null : await this.paths.alternativePath(rec.requesterId, rec.targetId, avoid);
    await this.flow.change(async (tx, change) => {
      const again = await this.flow.lock(tx, requestId);
      if (!again || again.events.some((e) => e.kind === 'REROUTE_OFFERED' || e.kind === 'NO_REROUTE')) return null;
      await this.repo.setNextPath(tx, requestId, found?.nodes ?? null, found?.score ?? null);
      if (found) {
        await this.flow.event(
          tx,
          change,
          requestId,
          'REROUTE_OFFERED',
          again.status,
          null,
          null,
          'another path to this person is available: confirm it to ask again',
        );
      } else {
        await this.flow.event(tx, change, requestId, 'NO_REROUTE', again.status, null, null, 'no other path to this person is offered');
      }
      change.plan(notify(requestId, found ? IntroMessageKind.Rerouted : IntroMessageKind.Closed, again.requesterId, 0, 0));
      return requestId;
    });
  }

  /**
   * A request held at a step: waiting in line for a broker, or (`final`) an ask left unanswered
   * for INTRO_ASK_UNANSWERED_SECONDS. Offers the best path that avoids the broker and has room now
   * (`final`: any path that avoids them). An unanswered ask also counts against the broker's rank,
   * for everyone. The member confirms the offer with requestIntroduction, which moves the request,
   * or, when they opted in to automatic re-routing, the request moves at once.
   */
  async waitCheck(requestId: string, step: number, attempt: number, final: boolean): Promise<void> {
    const rec = await this.repo.load(requestId);
    const s = rec?.steps.find((x) => x.index === step);
    const held = (r: RequestRecord) => {
      const now = r.steps.find((x) => x.index === step);
      return (
        OPEN_STATUSES.includes(r.status) && r.currentStep === step && now?.attempt === attempt && (now.state === 'WAITING' || (final && now.state === 'ASKED'))
      );
    };
    if (!rec || !s || !held(rec)) return;
    const unanswered = s.state === 'ASKED';
    if (unanswered) await this.markUnanswered(requestId, step, attempt);
    if (rec.nextPath) return;
    const avoid = [
      ...new Set(
        [...rec.steps.filter((x) => x.index >= step && x.personId !== rec.targetId).map((x) => x.personId), s.askeeId].filter((x): x is string => !!x),
      ),
    ];
    const found = await this.paths.alternativePath(rec.requesterId, rec.targetId, avoid, { onlyWithRoom: !final });
    if (!found) return;
    if ((await this.brokers.autoReroute(rec.requesterId)) && (await this.requests.move(rec, found.nodes, found.score, held))) return;
    await this.flow.change(async (tx, change) => {
      const again = await this.flow.lock(tx, requestId);
      if (!again || !held(again) || again.nextPath) return null;
      await this.repo.setNextPath(tx, requestId, found.nodes, found.score);
      const note = unanswered
        ? 'no answer yet from the person asked; another path to this person could be asked now: confirm it to move your request'
        : 'another path to this person could be asked now: confirm it to move your request';
      await this.flow.event(tx, change, requestId, 'ALTERNATIVE_OFFERED', again.status, null, null, note);
      change.plan(
        notify(requestId, unanswered ? IntroMessageKind.UnansweredAlternative : IntroMessageKind.WaitingAlternative, again.requesterId, step, attempt),
      );
      return requestId;
    });
  }

  /** The ask is still open past the bound: the broker is marked as not answering (once per ask). */
  private async markUnanswered(requestId: string, step: number, attempt: number): Promise<void> {
    await this.flow.change(async (tx, change) => {
      const rec = await this.flow.lock(tx, requestId);
      const s = rec?.steps.find((x) => x.index === step);
      if (!rec || !OPEN_STATUSES.includes(rec.status) || rec.currentStep !== step || s?.state !== 'ASKED' || s.attempt !== attempt || !s.askeeId) return null;
      const mark = `step ${step} attempt ${attempt}`;
      if (rec.events.some((e) => e.kind === 'UNANSWERED' && e.note === mark)) return null;
      await this.brokers.recordUnanswered(tx, s.askeeId, change.nowMs);
      await this.flow.event(tx, change, requestId, 'UNANSWERED', rec.status, null, step, mark);
      return null;
    });
  }

  /** Whether to nudge the requester to record how the introduction went (still INTRODUCED). */
  async needsOutcome(requestId: string): Promise<string | null> {
    const rec = await this.repo.load(requestId);
    return rec && rec.status === 'INTRODUCED' ? rec.requesterId : null;
  }

  /**
   * A member is about to remove (or merge away) their relationship to a person: open requests
   * whose path still needs that relationship end now, as when the person leaves.
   */
  async relationshipLeaving(recorderId: string, personId: string): Promise<void> {
    for (const id of await this.reads.openThroughRelationship(recorderId, personId, OPEN_STATUSES)) {
      await this.flow.change(async (tx, change) => {
        const rec = await this.flow.lock(tx, id);
        if (!rec || !OPEN_STATUSES.includes(rec.status)) return null;
        const theirs = rec.steps.find((s) => s.personId === personId && s.recordedBy === recorderId && ['PENDING', 'ASKED', 'WAITING'].includes(s.state));
        if (!theirs) return null;
        await this.flow.end(tx, change, rec, { status: 'EXPIRED', step: theirs.index, actorId: null, note: GONE });
        return rec.id;
      });
    }
  }

  /**
   * Someone is about to leave the graph (their contact removed or merged away, suppressed,
   * erased): open requests that still need them end now, freeing brokers' places, and the
   * requester is told (and offered another path). Their own open requests are withdrawn.
   * Each request is its own transaction; running it again changes nothing.
   */
  async personLeaving(personId: string): Promise<void> {
    const { own, through } = await this.reads.openInvolving(personId, OPEN_STATUSES);
    for (const id of own) {
      await this.flow.change(async (tx, change) => {
        const rec = await this.flow.lock(tx, id);
        if (!rec || !OPEN_STATUSES.includes(rec.status)) return null;
        await this.flow.end(tx, change, rec, { status: 'WITHDRAWN', step: null, actorId: rec.requesterId, note: null });
        return rec.id;
      });
    }
    for (const id of through) {
      await this.flow.change(async (tx, change) => {
        const rec = await this.flow.lock(tx, id);
        if (!rec || !OPEN_STATUSES.includes(rec.status)) return null;
        // Only a step still to be answered needs them; a step they already passed stays as it is.
        const theirs = rec.steps.find(
          (s) => (s.personId === personId || s.askeeId === personId || s.recordedBy === personId) && ['PENDING', 'ASKED', 'WAITING'].includes(s.state),
        );
        if (!theirs) return null;
        await this.flow.end(tx, change, rec, { status: 'EXPIRED', step: theirs.index, actorId: null, note: GONE });
        return rec.id;
      });
    }
  }
}
