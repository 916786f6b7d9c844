import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Viewer } from '#libs/auth';
import { badInput, conflict } from '#libs/common';
import { AppConfig } from '#libs/config';
import type { Tx } from '#libs/graph';
import { PathHandles, PathsService } from '#libs/paths';
import { IntroFlow, WEEK_MS } from './intro-flow.js';
import { OPEN_STATUSES } from './intro-state.js';
import { IntroductionsRepository } from './introductions.repository.js';

export const INTRO_MESSAGE_MAX = 2000;

export interface RequestInput {
  pathId: string;
  message: string;
  clientMutationId?: string | null;
}

/** A member asking for an introduction along a path they were shown. */
@Injectable()
export class IntroRequestsService {
  constructor(
    @Inject(IntroductionsRepository) private readonly repo: IntroductionsRepository,
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
    const key = cmid === null ? null : `${viewer.personId}|${cmid}`;

    const handle = this.handles.open(input.pathId, viewer.personId, 'input.pathId');
    const targetId = handle.nodes[handle.nodes.length - 1];
    const path = await this.paths.pathFor(viewer.personId, handle.nodes, handle.score);
    if (!path) throw badInput('input.pathId', 'someone on this path is no longer reachable this way; ask introPaths again');

    const id = randomUUID();
    let made: string = id;
    await this.flow.change(async (tx, change) => {
      made = id;
      const prep = await this.repo.prepareRequest(tx, { requesterId: viewer.personId, nodes: handle.nodes, idempotencyKey: key, targetId, open: OPEN_STATUSES });
      if (prep.existingId) {
        made = prep.existingId;
        return null;
      }
      if (prep.edges.length !== handle.nodes.length) throw badInput('input.pathId', 'someone on this path is no longer reachable this way; ask introPaths again');
      const byIndex = new Map(prep.edges.map((e) => [e.index, e]));
      if (prep.openId) {
        // Confirming the path offered to a request that waits in line moves that request: the old one ends here.
        const old = await this.flow.lock(tx, prep.openId);
        const waiting = old && old.currentStep !== null && old.steps.find((s) => s.index === old.currentStep)?.state === 'WAITING';
        if (!old || !waiting || !sameNodes(old.nextPath, handle.nodes)) {
          throw conflict('you already have an open introduction request to this person; withdraw it first', 'input.pathId');
        }
        await this.flow.end(tx, change, old, { status: 'WITHDRAWN', step: null, actorId: viewer.personId, note: 'moved to another path' });
      }
      await this.checkShare(tx, viewer.personId, handle.nodes, prep.edges.map((e) => ({ index: e.index, recordedBy: e.recordedBy })));
      await this.repo.create(
        tx,
        {
          id,
          requesterId: viewer.personId,
          targetId,
          message,
          idempotencyKey: key,
          score: handle.score,
          rerouteOf: prep.openId ?? null,
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
      await this.flow.startAsk(tx, change, id, 0, handle.nodes.length, viewer.personId, 'REQUESTED');
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
    const accounts = await this.repo.accounts(tx, nodes);
    const recorder = new Map(edges.map((e) => [e.index, e.recordedBy]));
    const brokers = new Set<string>();
    nodes.forEach((personId, index) => {
      const isTarget = index === nodes.length - 1;
      const askee = accounts.has(personId) ? personId : recorder.get(index);
      if (!askee || askee === requesterId || (isTarget && askee === personId)) return;
      brokers.add(askee);
    });
    if (!brokers.size) return;
    const used = await this.repo.shareUsed(tx, requesterId, [...brokers], Date.now() - WEEK_MS);
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

function sameNodes(a: string[] | null, b: string[]): boolean {
  return !!a && a.length === b.length && a.every((x, i) => x === b[i]);
}
