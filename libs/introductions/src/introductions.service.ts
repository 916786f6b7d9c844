import { Inject, Injectable } from '@nestjs/common';
import type { Viewer } from '#libs/auth';
import { badInput, checkPageSize, conflict, decodeCursor, encodeCursor, notFound } from '#libs/common';
import type { RelationshipContext, RelationshipView } from '#libs/network';
import { IntroAnswersService, isParty, type OutcomeInput, type RespondInput } from './intro-answers.service.js';
import { IntroLineService } from './intro-line.service.js';
import { IntroRequestsService, type RequestInput } from './intro-requests.service.js';
import type { IntroStatus } from './intro-state.js';
import type { IntroductionPage, IntroductionView } from './intro.types.js';
import { IntroViewService } from './intro-view.service.js';
import { IntroReadsRepository } from './intro-reads.repository.js';
import { IntroContactsRepository } from './intro-contacts.repository.js';
import { IntroductionsRepository } from './introductions.repository.js';

export { INTRO_NOTE_MAX, type OutcomeInput, type RespondInput } from './intro-answers.service.js';
export { INTRO_MESSAGE_MAX } from './intro-requests.service.js';

export interface AddIntroducedInput {
  requestId: string;
  displayName?: string | null;
  context?: RelationshipContext | null;
  strength?: number | null;
}

/**
 * The double opt-in workflow as the API, the worker and other features call it. Each part lives
 * in its own service: requesting, answering, the line and the worker's jobs, the viewer's view.
 * Every state change runs in one transaction (IntroFlow) that locks the request, checks the
 * transition, records an event and the jobs it needs; the jobs reach Redis after the commit.
 */
@Injectable()
export class IntroductionsService {
  constructor(
    @Inject(IntroductionsRepository) private readonly repo: IntroductionsRepository,
    @Inject(IntroReadsRepository) private readonly reads: IntroReadsRepository,
    @Inject(IntroRequestsService) private readonly requests: IntroRequestsService,
    @Inject(IntroAnswersService) private readonly answers: IntroAnswersService,
    @Inject(IntroLineService) private readonly line: IntroLineService,
    @Inject(IntroViewService) private readonly views: IntroViewService,
    @Inject(IntroContactsRepository) private readonly contacts: IntroContactsRepository,
  ) {}

  async request(viewer: Viewer, input: RequestInput): Promise<IntroductionView> {
    const id = await this.requests.request(viewer, input);
    const view = await this.get(viewer, id);
    if (!view) throw notFound('input.pathId', 'the introduction request');
    return view;
  }

  async respond(viewer: Viewer, input: RespondInput): Promise<IntroductionView> {
    await this.answers.respond(viewer, input);
    return this.mustGet(viewer, input.requestId);
  }

  async withdraw(viewer: Viewer, requestId: string): Promise<IntroductionView> {
    await this.answers.withdraw(viewer, requestId);
    return this.mustGet(viewer, requestId);
  }

  async recordOutcome(viewer: Viewer, input: OutcomeInput): Promise<IntroductionView> {
    await this.answers.recordOutcome(viewer, input);
    return this.mustGet(viewer, input.requestId);
  }

  /**
   * Before a person's data is erased or suppressed, or their node removed or merged away: their
   * own open requests are withdrawn, and open requests that still need them end at once as
   * "someone on the path is no longer available" (brokers get their places back; the member is
   * told and offered another path). Running it again changes nothing.
   */
  personLeaving(personId: string): Promise<void> {
    return this.line.personLeaving(personId);
  }

  /**
   * Before a member removes their relationship to a person (removeContact, or mergeContacts
   * folding only their own view): open requests whose path uses that relationship end at once.
   */
  relationshipLeaving(recorderId: string, personId: string): Promise<void> {
    return this.line.relationshipLeaving(recorderId, personId);
  }

  /** The same as personLeaving (the name erasure and suppression call). */
  releaseForErasure(personId: string): Promise<void> {
    return this.line.personLeaving(personId);
  }

  /**
   * After an introduction, either side adds the other to their own network in one step: the
   * details shown to them on the introduction become their own record (identity-model.md rule 1),
   * named as shown unless they give a name. CONFLICT before the introduction, or when they
   * already recorded this person.
   */
  async addIntroducedContact(viewer: Viewer, input: AddIntroducedInput): Promise<RelationshipView> {
    const rec = await this.repo.load(input.requestId);
    // Only its two ends are introduced: anyone else hears "not found", as for an unknown id.
    if (!rec || (viewer.personId !== rec.requesterId && viewer.personId !== rec.targetId))
      throw notFound('input.requestId', 'an introduction request of yours was');
    const shown = (await this.views.view(viewer.personId, rec)).introducedContact;
    if (!shown) throw conflict('you can add this person to your network once you have been introduced (status INTRODUCED)', 'input.requestId');
    const displayName = input.displayName?.trim() || shown.person.displayName;
    if (displayName.length > 200) throw badInput('input.displayName', 'must be at most 200 characters');
    const strength = input.strength ?? 0.5;
    if (!(strength >= 0 && strength <= 1)) throw badInput('input.strength', 'must be between 0 and 1');
    const other = rec.requesterId === viewer.personId ? rec.targetId : rec.requesterId;
    const added = await this.contacts.add(viewer.personId, other, {
      displayName,
      context: input.context ?? 'PROFESSIONAL',
      strength,
      email: shown.email,
      phone: shown.phone,
      linkedinUrl: shown.linkedinUrl,
    });
    if (!added) throw conflict('this person is already in your network', 'input.requestId');
    return added;
  }

  // ------------------------------------------------------------------ reading

  async get(viewer: Viewer, requestId: string): Promise<IntroductionView | null> {
    const rec = await this.repo.load(requestId);
    if (!rec || !isParty(rec, viewer.personId)) return null;
    return this.views.view(viewer.personId, rec);
  }

  /** The person ids who may see a request (live updates route on it in memory). */
  audience(requestId: string): Promise<string[]> {
    return this.reads.audience(requestId);
  }

  canSee(viewer: Viewer, requestId: string): Promise<boolean> {
    return this.reads.isParty(requestId, viewer.personId);
  }

  async mine(viewer: Viewer, statuses: IntroStatus[] | null, first: number, after: string | null): Promise<IntroductionPage> {
    checkPageSize(first, 'first', 100);
    const cursor = decodeCursor(after, 'after') as [number, string] | null;
    const { rows, totalCount } = await this.reads.mine(viewer.personId, statuses?.length ? statuses : null, first, cursor);
    return this.page(viewer, rows, first, totalCount);
  }

  async inbox(viewer: Viewer, first: number, after: string | null): Promise<IntroductionPage> {
    checkPageSize(first, 'first', 100);
    const cursor = decodeCursor(after, 'after') as [number, string] | null;
    const { rows, totalCount } = await this.reads.inbox(viewer.personId, first, cursor);
    return this.page(viewer, rows, first, totalCount);
  }

  /** A broker's load: open asks against capacity, the week's asks against the weekly limit, the line, and an away date. */
  brokerLoad(personId: string) {
    return this.reads.brokerLoad(personId, Date.now() - 7 * 24 * 3600 * 1000);
  }

  // ------------------------------------------------------------------ the worker's jobs (idempotent)

  dispatch(requestId: string, step: number): Promise<void> {
    return this.line.dispatch(requestId, step);
  }

  remind(requestId: string, step: number, attempt: number): Promise<boolean> {
    return this.line.remind(requestId, step, attempt);
  }

  async expire(requestId: string, step: number, attempt: number): Promise<void> {
    await this.line.expire(requestId, step, attempt);
  }

  expireOverdue(graceMs: number): Promise<{ ended: number; failed: number; error?: string }> {
    return this.line.expireOverdue(graceMs);
  }

  reroute(requestId: string): Promise<void> {
    return this.line.reroute(requestId);
  }

  waitCheck(requestId: string, step: number, attempt: number, final: boolean): Promise<void> {
    return this.line.waitCheck(requestId, step, attempt, final);
  }

  needsOutcome(requestId: string): Promise<string | null> {
    return this.line.needsOutcome(requestId);
  }

  private async mustGet(viewer: Viewer, requestId: string): Promise<IntroductionView> {
    const view = await this.get(viewer, requestId);
    if (!view) throw notFound('requestId', 'an introduction request you are part of was');
    return view;
  }

  private async page(viewer: Viewer, rows: { id: string; ms: number }[], first: number, totalCount: number): Promise<IntroductionPage> {
    const shown = rows.slice(0, first);
    const records = await this.repo.loadMany(shown.map((r) => r.id));
    const views = await Promise.all(records.map((rec) => this.views.view(viewer.personId, rec)));
    const cursorOf = new Map(shown.map((r) => [r.id, encodeCursor([r.ms, r.id])]));
    return { items: views.map((view) => ({ cursor: cursorOf.get(view.id)!, view })), hasNextPage: rows.length > first, totalCount };
  }
}
