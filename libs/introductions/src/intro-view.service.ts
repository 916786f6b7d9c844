import { Inject, Injectable } from '@nestjs/common';
import type { PersonView, WorkRoleView } from '#libs/network';
import { PathsService, workPhrase } from '#libs/paths';
import { OPEN_STATUSES } from './intro-state.js';
import type { IntroductionView, IntroEventView, RequestRecord, StepRecord } from './intro.types.js';
import { IntroPeopleRepository, type ViewerPerson } from './intro-people.repository.js';

/** Events that place the request at a step; once the path closed they would say where (so would others' acceptances). */
const STEP_EVENTS = new Set(['ASKED', 'WAITING', 'REMINDED']);

/**
 * The request as one viewer may see it. A person is named only with the viewer's own label (people
 * they recorded), or with their own name when they are a member who agreed on this request;
 * anyone else is a neutral description. Once the path closed, nothing says at which step.
 */
@Injectable()
export class IntroViewService {
  constructor(
    @Inject(IntroPeopleRepository) private readonly people: IntroPeopleRepository,
    @Inject(PathsService) private readonly paths: PathsService,
  ) {}

  async view(viewerId: string, rec: RequestRecord): Promise<IntroductionView> {
    const isRequester = rec.requesterId === viewerId;
    const items = [{ id: rec.requesterId, title: null }, ...rec.steps.map((s) => ({ id: s.personId, title: s.work?.title ?? null }))];
    const seen = new Map((await this.people.viewerPeople(viewerId, items)).map((p) => [p.id, p]));
    const closed = rec.status === 'DECLINED' || rec.status === 'EXPIRED';
    // Once the path closed, who had agreed would say where it closed: only the requester stays named.
    const agreed = closed ? new Set([rec.requesterId]) : agreedIds(rec);
    const named = (personId: string): PersonView | null => {
      const p = seen.get(personId);
      if (!p) return null;
      if (personId === viewerId) return p.member ?? p.mine;
      return p.mine ?? (agreed.has(personId) ? p.member : null);
    };
    const workOf = (s: StepRecord): WorkRoleView | null => seen.get(s.personId)?.work ?? null;
    const neutral = (s: StepRecord) => workPhrase(workOf(s));

    const steps = rec.steps.map((s) => {
      const person = named(s.personId);
      const mine = !!seen.get(s.personId)?.mine;
      let label: string;
      // The requester's words were written with the path: they name only the requester's own contacts.
      if (isRequester) label = person && !mine && s.personId !== viewerId ? `${person.displayName}, ${s.label}` : s.label;
      else label = s.personId === viewerId ? 'You' : person ? person.displayName : neutral(s);
      return { person, label, work: workOf(s), context: s.context, strength: s.strength };
    });

    const stepOf = new Map(rec.steps.map((s) => [s.index, s]));
    const history: IntroEventView[] = [];
    for (const e of rec.events) {
      // A mark for ranking only: the member hears of it through the path offered instead.
      if (e.kind === 'UNANSWERED') continue;
      const own = e.actorId !== null && e.actorId === viewerId;
      if (closed && (STEP_EVENTS.has(e.kind) || (e.kind === 'ACCEPTED' && !own))) continue;
      if (closed && (e.kind === 'DECLINED' || e.kind === 'EXPIRED') && !own) {
        history.push({ at: e.at, status: e.status, actorLabel: 'Backr', note: e.kind === 'DECLINED' ? 'the path closed' : closingNote(e.note) });
        continue;
      }
      let actorLabel: string;
      if (e.actorId === null) actorLabel = 'Backr';
      else if (own) actorLabel = 'You';
      else {
        const step = e.step === null ? undefined : stepOf.get(e.step);
        actorLabel = named(e.actorId)?.displayName ?? (step ? capitalise(neutral(step)) : 'Someone on the path');
      }
      const note = e.kind === 'DECLINED' && !own ? null : e.kind === 'REMINDED' ? 'reminder sent' : e.note;
      history.push({ at: e.at, status: e.status, actorLabel, note });
    }

    const open = OPEN_STATUSES.includes(rec.status);
    const current = open && rec.currentStep !== null ? rec.steps[rec.currentStep] : null;
    const awaitingMyAnswer = current?.state === 'ASKED' && current.askeeId === viewerId;
    const onBehalf = awaitingMyAnswer && current.personId !== viewerId ? (seen.get(current.personId)?.mine ?? null) : null;

    const last = rec.steps[rec.steps.length - 1];
    // A target removed since (suppressed, erased) leaves the history readable but no contact to pass on.
    const introduced = last?.personId === rec.targetId && last.state === 'ACCEPTED';
    let introducedContact: IntroductionView['introducedContact'] = null;
    if (introduced && (isRequester || viewerId === rec.targetId)) {
      const other = isRequester ? rec.targetId : rec.requesterId;
      const contact = await this.people.contact(other, isRequester ? last.recordedBy : null);
      const person = named(other) ?? { id: other, displayName: capitalise(neutral(last)), headline: null, roles: [], isMember: false };
      introducedContact = { person, ...contact };
    }
    // After a close, the path offered instead; while waiting in line (or after an ask went unanswered), a path offered to move to.
    const waitingNow = current?.state === 'WAITING' || current?.state === 'ASKED';
    const nextPath = isRequester && rec.nextPath && (closed || waitingNow) ? await this.paths.pathFor(viewerId, rec.nextPath, rec.nextPathScore ?? 0) : null;
    const requester = named(rec.requesterId) ?? { id: rec.requesterId, displayName: 'A Backr member', headline: null, roles: [], isMember: true };
    return {
      id: rec.id,
      status: rec.status,
      requester,
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
      movedTo: isRequester ? (rec.movedTo ?? null) : null,
      awaitingMyAnswer,
      answerOnBehalfOf: onBehalf,
    };
  }
}

/**
 * Members who agreed on this request: the requester, and account holders who accepted for
 * themselves (or relayed a contact's answer, which they agreed to pass on).
 */
function agreedIds(rec: RequestRecord): Set<string> {
  const ids = new Set<string>([rec.requesterId]);
  for (const e of rec.events) if (e.kind === 'ACCEPTED' && e.actorId) ids.add(e.actorId);
  return ids;
}

/** Expiry notes name no step; anything else is said plainly. */
function closingNote(note: string | null): string {
  return note && !/step/i.test(note) ? note : 'the path closed';
}

function capitalise(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

export type { ViewerPerson };
