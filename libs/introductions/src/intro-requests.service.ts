import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Viewer } from '#libs/auth';
import { badInput, conflict, DomainError, ErrorCode, personGlobalId } from '#libs/common';
import { AppConfig } from '#libs/config';
import type { Tx } from '#libs/graph';
import { edgeWeight, PathHandles, PathsService } from '#libs/paths';
import { IntroMessageKind } from '#libs/queue';
import { IntroFlow, notify, WEEK_MS } from './intro-flow.js';
import { dateInWords } from './intro-mail.js';
import { IntroBrokersRepository } from './intro-brokers.repository.js';
import { OPEN_STATUSES } from './intro-state.js';
import type { RequestRecord } from './intro.types.js';
import { IntroductionsRepository } from './introductions.repository.js';

export const INTRO_MESSAGE_MAX = 2000;

export interface RequestInput {
  pathId: string;
  message: string;
  clientMutationId?: string | null;
  /** The member saw the warning that they asked for this person before, and asks again. */
  confirmRepeat?: boolean | null;
}

/** A request to place along a path: from the member (a path handle) or from the line (automatic re-routing). */
interface Placing {
  requesterId: string;
  nodes: string[];
  score: number;
  message: string;
  idempotencyKey: string | null;
  confirmRepeat: boolean;
  /** Moving an open request: only while it still is where `stillAt` says. */
  moving?: { id: string; stillAt: (old: RequestRecord) => boolean; note: string };
}

const UNREACHABLE = 'someone on this path is no longer reachable this way; ask introPaths again';

/** A member asking for an introduction along a path they were shown, and a request moved to another path. */
@Injectable()
export class IntroRequestsService {
  constructor(
    @Inject(IntroductionsRepository) private readonly repo: IntroductionsRepository,
    @Inject(IntroBrokersRepository) private readonly brokers: IntroBrokersRepository,
    @Inject(IntroFlow) private readonly flow: IntroFlow,
    @Inject(PathsService) private readonly paths: PathsService,
    @Inject(PathHandles) private readonly handles: PathHandles,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Returns the id of the request made (or of the one this idempotency key already made). */
  async request(viewer: Viewer, input: RequestInput): Promise<string> {
    const message = (input.message ?? '').trim();
    if (!message) throw badInput('input.message', 'must not be empty: say what you hope the introduction leads to');
    if (message.length > INTRO_MESSAGE_MAX) throw badInput('input.message', `must be at most ${INTRO_MESSAGE_MAX} characters`);
    const cmid = input.clientMutationId ?? null;
    if (cmid !== null && (cmid.length < 1 || cmid.length > 100)) throw badInput('input.clientMutationId', 'must be 1 to 100 characters');
    const handle = this.handles.open(input.pathId, viewer.personId, 'input.pathId');
    const made = await this.place({
      requesterId: viewer.personId,
      nodes: handle.nodes,
      score: handle.score,
      message,
      idempotencyKey: cmid === null ? null : `${viewer.personId}|${cmid}`,
      confirmRepeat: input.confirmRepeat === true,
    });
    return made!; // only a move can leave nothing made
  }

  /**
   * Automatic re-routing (the member opted in): moves an open request to another path without
   * waiting for them to confirm. Returns the new request's id, or null when the request moved on
   * meanwhile or the path cannot be asked (the offer then stays for the member to decide).
   */
  async move(old: RequestRecord, nodes: string[], score: number, stillAt: (rec: RequestRecord) => boolean): Promise<string | null> {
    try {
      return await this.place({
        requesterId: old.requesterId,
        nodes,
        score,
        message: old.message,
        idempotencyKey: `${old.requesterId}|moved|${old.id}`,
        confirmRepeat: true,
        moving: { id: old.id, stillAt, note: 'moved to another path automatically, as you chose in your settings' },
      });
    } catch (error) {
      if (error instanceof DomainError && error.code !== ErrorCode.INTERNAL_SERVER_ERROR) return null;
      throw error;
    }
  }

  /** Places the request; returns its id (or the one its idempotency key made), or null when a move found the old request moved on. */
  private async place(p: Placing): Promise<string | null> {
    const targetId = p.nodes[p.nodes.length - 1];
    const path = await this.paths.pathFor(p.requesterId, p.nodes, p.score);
    if (!path) throw badInput('input.pathId', UNREACHABLE);
    const id = randomUUID();
    let made: string | null = id;
    await this.flow.change(async (tx, change) => {
      made = id;
      const prep = await this.repo.prepareRequest(tx, {
        requesterId: p.requesterId,
        nodes: p.nodes,
        idempotencyKey: p.idempotencyKey,
        targetId,
        open: OPEN_STATUSES,
      });
      if (prep.existingId) {
        made = prep.existingId;
        return null;
      }
      // The member knows the person themselves at least as well as this path would reach them: an introduction adds nothing.
      const own = prep.ownContact;
      if (own && edgeWeight(own.strength, own.last, change.nowMs) >= p.score - 1e-9) {
        throw new DomainError(
          ErrorCode.CONFLICT,
          `input.pathId: you already know this person directly: they are in your contacts as ${own.person.displayName}. Get in touch with them yourself; no introduction is needed`,
          'input.pathId',
          { contactId: personGlobalId(own.person) },
        );
      }
      if (prep.edges.length !== p.nodes.length) throw badInput('input.pathId', UNREACHABLE);
      const old = prep.openId ? await this.flow.lock(tx, prep.openId) : null;
      if (p.moving && (!old || old.id !== p.moving.id || !p.moving.stillAt(old))) {
        made = null;
        return null;
      }
      if (prep.openId && !p.moving) {
        // Confirming the path offered to a request that waits in line (or whose ask went unanswered) moves that request: the old one ends here.
        const current = old?.currentStep !== null ? old?.steps.find((s) => s.index === old.currentStep) : undefined;
        const held = current?.state === 'WAITING' || current?.state === 'ASKED';
        if (!old || !held || !sameNodes(old.nextPath, p.nodes)) {
          throw conflict('you already have an open introduction request to this person; withdraw it first', 'input.pathId');
        }
      }
      if (!old && prep.previous && !p.confirmRepeat && !sameNodes(prep.previous.nextPath, p.nodes)) {
        throw conflict(
          `you asked for an introduction to this person before (on ${dateInWords(prep.previous.createdAt, null)}; ${ENDED_WORDS[prep.previous.status] ?? 'it has ended'}). To ask again, send the request once more with confirmRepeat set to true`,
          'input.confirmRepeat',
        );
      }
      await this.checkShare(
        tx,
        p.requesterId,
        p.nodes,
        prep.edges.map((e) => ({ index: e.index, recordedBy: e.recordedBy })),
      );
      if (old) {
        await this.flow.end(tx, change, old, {
          status: 'WITHDRAWN',
          step: null,
          actorId: p.moving ? null : p.requesterId,
          note: p.moving?.note ?? 'moved to another path',
        });
        if (p.moving) await this.repo.setMovedTo(tx, old.id, id);
      }
      const byIndex = new Map(prep.edges.map((e) => [e.index, e]));
      await this.repo.create(
        tx,
        {
          id,
          requesterId: p.requesterId,
          targetId,
          message: p.message,
          idempotencyKey: p.idempotencyKey,
          score: p.score,
          rerouteOf: old?.id ?? null,
          steps: p.nodes.map((personId, index) => ({
            index,
            personId,
            label: path.steps[index].label,
            work: path.steps[index].work,
            context: byIndex.get(index)!.context,
            strength: byIndex.get(index)!.strength,
            recordedBy: byIndex.get(index)!.recordedBy,
          })),
        },
        {
          kind: 'REQUESTED',
          status: 'REQUESTED',
          actorId: p.moving ? null : p.requesterId,
          step: null,
          note: p.moving ? 'moved here from a path that was held up' : null,
        },
        change.now,
      );
      await this.flow.startAsk(tx, change, id, 0, p.nodes.length, p.requesterId, 'REQUESTED');
      if (p.moving) change.plan(notify(old!.id, IntroMessageKind.Moved, p.requesterId, 0, 0));
      return id;
    });
    return made;
  }

  /**
   * Fair share: one member holds at most INTRO_SHARE_OPEN_PER_BROKER open asks (or places in
   * line) with any one broker, and INTRO_SHARE_WEEKLY_PER_BROKER of that broker's asks in 7 days.
   * The message names the limit, never the broker (who may be hidden from the member).
   */
  private async checkShare(tx: Tx, requesterId: string, nodes: string[], edges: { index: number; recordedBy: string }[]): Promise<void> {
    const accounts = await this.brokers.accounts(tx, nodes);
    const recorder = new Map(edges.map((e) => [e.index, e.recordedBy]));
    const brokers = new Set<string>();
    nodes.forEach((personId, index) => {
      const isTarget = index === nodes.length - 1;
      const askee = accounts.has(personId) ? personId : recorder.get(index);
      if (!askee || askee === requesterId || (isTarget && askee === personId)) return;
      brokers.add(askee);
    });
    if (!brokers.size) return;
    const used = await this.brokers.shareUsed(tx, requesterId, [...brokers], Date.now() - WEEK_MS);
    for (const u of used) {
      if (u.open >= this.config.INTRO_SHARE_OPEN_PER_BROKER) {
        throw conflict(
          `someone on this path is already helping you with ${u.open} open request${u.open === 1 ? '' : 's'}, the most one member may have with one volunteer at a time (${this.config.INTRO_SHARE_OPEN_PER_BROKER}); wait for it to finish, or choose another path`,
          'input.pathId',
        );
      }
      if (u.week >= this.config.INTRO_SHARE_WEEKLY_PER_BROKER) {
        throw conflict(
          `someone on this path has already been asked ${u.week} times for you this week, the most one member may ask of one volunteer in 7 days (${this.config.INTRO_SHARE_WEEKLY_PER_BROKER}); choose another path or try again next week`,
          'input.pathId',
        );
      }
    }
  }
}

const ENDED_WORDS: Partial<Record<string, string>> = {
  DECLINED: 'the path closed',
  EXPIRED: 'it closed without an answer',
  WITHDRAWN: 'you withdrew it',
  INTRODUCED: 'you were introduced',
  MET: 'you were introduced and met',
  CLOSED: 'you were introduced',
};

function sameNodes(a: string[] | null, b: string[]): boolean {
  return !!a && a.length === b.length && a.every((x, i) => x === b[i]);
}
