import { Inject, Injectable } from '@nestjs/common';
import type { Viewer } from '#libs/auth';
import { badInput, conflict, forbidden, notFound } from '#libs/common';
import { AppConfig } from '#libs/config';
import type { Tx } from '#libs/graph';
import { IntroMessageKind, jobIdOf, JobName } from '#libs/queue';
import { Change, IntroFlow, notify } from './intro-flow.js';
import { askingStatus, assertTransition, OPEN_STATUSES, type IntroOutcome } from './intro-state.js';
import type { RequestRecord } from './intro.types.js';
import { IntroBrokersRepository } from './intro-brokers.repository.js';
import { IntroductionsRepository } from './introductions.repository.js';

export const INTRO_NOTE_MAX = 1000;

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

/** Answers on a request: the person asked (or who relays for them), the requester withdrawing or recording the outcome. */
@Injectable()
export class IntroAnswersService {
  constructor(
    @Inject(IntroductionsRepository) private readonly repo: IntroductionsRepository,
    @Inject(IntroFlow) private readonly flow: IntroFlow,
    @Inject(IntroBrokersRepository) private readonly brokers: IntroBrokersRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async respond(viewer: Viewer, input: RespondInput): Promise<void> {
    checkNote(input.note, 'input.note');
    await this.flow.change(async (tx, change) => {
      const rec = await this.visibleForUpdate(tx, viewer, input.requestId, 'input.requestId');
      const answered = lastAnswerBy(rec, viewer.personId);
      const index = rec.currentStep;
      const step = index === null ? null : rec.steps.find((s) => s.index === index);
      const isMyAsk = OPEN_STATUSES.includes(rec.status) && step?.state === 'ASKED' && step.askeeId === viewer.personId;
      if (!isMyAsk) {
        // A repeated click on the same answer is the same answer, not an error.
        if (answered && (answered === 'ACCEPTED') === input.accept) return null;
        if (answered) throw conflict('you already answered this ask', 'input.accept');
        if (!OPEN_STATUSES.includes(rec.status)) assertTransition(rec.status, 'DECLINED', 'answer');
        throw forbidden('This ask is not waiting for your answer: only the person being asked now (or who relays for them) can answer it.');
      }
      if (broken(rec)) {
        await this.flow.end(tx, change, rec, { status: 'EXPIRED', step: null, actorId: null, note: 'someone on the path is no longer available' });
        return rec.id;
      }
      const relayed = step.personId !== viewer.personId;
      if (relayed) {
        if (!input.onBehalfOfPersonId) {
          throw badInput('input.onBehalfOfPersonId', 'this ask is for a contact of yours without an account: ask them, then answer with their id here');
        }
        if (input.onBehalfOfPersonId !== step.personId) throw forbidden('You can relay consent only for the person this ask is about, whom you know.');
      } else if (input.onBehalfOfPersonId && input.onBehalfOfPersonId !== viewer.personId) {
        throw badInput('input.onBehalfOfPersonId', 'you are asked yourself: leave this out');
      }
      const last = index === rec.steps.length - 1;
      const note = input.note?.trim() || null;
      await this.brokers.recordAnswered(tx, viewer.personId);
      if (input.accept) {
        assertTransition(rec.status, last ? 'INTRODUCED' : askingStatus(index! + 1, rec.steps.length), 'accept');
        await this.repo.setStep(tx, rec.id, index!, 'ACCEPTED', change.now, viewer.personId);
        await this.flow.release(tx, change, rec.id);
        await this.flow.event(tx, change, rec.id, 'ACCEPTED', rec.status, viewer.personId, index, note, { relayedFor: relayed ? step.personId : null });
        if (last) await this.introduce(tx, change, rec);
        else await this.flow.startAsk(tx, change, rec.id, index! + 1, rec.steps.length, rec.requesterId, rec.status);
      } else {
        assertTransition(rec.status, 'DECLINED', 'decline');
        if (step.askeeId !== rec.requesterId) await this.brokers.recordDecline(tx, viewer.personId, rec.requesterId, change.nowMs);
        await this.flow.end(tx, change, rec, {
          status: 'DECLINED',
          step: index,
          actorId: viewer.personId,
          note,
          shareWithCoach: input.shareNoteWithCoach === true,
        });
      }
      return rec.id;
    });
  }

  async withdraw(viewer: Viewer, requestId: string): Promise<void> {
    await this.flow.change(async (tx, change) => {
      const rec = await this.visibleForUpdate(tx, viewer, requestId, 'requestId');
      if (rec.requesterId !== viewer.personId) throw forbidden('Only the member who asked for this introduction can withdraw it.');
      assertTransition(rec.status, 'WITHDRAWN', 'withdraw');
      await this.flow.end(tx, change, rec, { status: 'WITHDRAWN', step: null, actorId: rec.requesterId, note: null });
      return rec.id;
    });
  }

  async recordOutcome(viewer: Viewer, input: OutcomeInput): Promise<void> {
    checkNote(input.note, 'input.note');
    await this.flow.change(async (tx, change) => {
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
        await this.flow.event(tx, change, rec.id, 'MET', 'MET', viewer.personId, null, input.outcome ? null : note);
      }
      if (!input.met || input.outcome) {
        await this.repo.setStatus(tx, rec.id, 'CLOSED', change.now, { outcome: input.outcome ?? 'NONE' });
        await this.flow.event(tx, change, rec.id, 'CLOSED', 'CLOSED', viewer.personId, null, note);
      }
      return rec.id;
    });
  }

  private async introduce(tx: Tx, change: Change, rec: RequestRecord): Promise<void> {
    await this.repo.setStatus(tx, rec.id, 'INTRODUCED', change.now, { currentStep: null, expiresAt: null });
    await this.flow.event(tx, change, rec.id, 'INTRODUCED', 'INTRODUCED', null, null, null);
    change.plan(notify(rec.id, IntroMessageKind.Introduced, rec.requesterId, rec.steps.length - 1, 0));
    change.plan(notify(rec.id, IntroMessageKind.Introduced, rec.targetId, rec.steps.length - 1, 0));
    change.plan({
      name: JobName.IntroOutcomeNudge,
      data: { requestId: rec.id },
      jobId: jobIdOf('nudge', rec.id),
      runAt: change.nowMs + this.config.INTRO_OUTCOME_NUDGE_AFTER_SECONDS * 1000,
    });
  }

  private async visibleForUpdate(tx: Tx, viewer: Viewer, requestId: string, field: string): Promise<RequestRecord> {
    const rec = await this.flow.lock(tx, requestId);
    // One answer for "no such request" and "not yours to see".
    if (!rec || !isParty(rec, viewer.personId)) throw notFound(field, 'an introduction request you are part of was');
    return rec;
  }
}

export function checkNote(note: string | null | undefined, field: string): void {
  if (note && note.length > INTRO_NOTE_MAX) throw badInput(field, `must be at most ${INTRO_NOTE_MAX} characters`);
}

/** The requester, and everyone who has been asked on the request (not those still in line). */
export function isParty(rec: RequestRecord, personId: string): boolean {
  return rec.requesterId === personId || rec.askedIds.includes(personId);
}

/** A step person was deleted under the request (removed, merged, suppressed): it cannot go on. */
export function broken(rec: RequestRecord): boolean {
  return rec.stepCount !== null && rec.stepCount !== undefined && rec.steps.length !== rec.stepCount;
}

function lastAnswerBy(rec: RequestRecord, personId: string): 'ACCEPTED' | 'DECLINED' | null {
  const answer = [...rec.events].reverse().find((e) => e.actorId === personId && (e.kind === 'ACCEPTED' || e.kind === 'DECLINED'));
  return (answer?.kind as 'ACCEPTED' | 'DECLINED' | undefined) ?? null;
}
