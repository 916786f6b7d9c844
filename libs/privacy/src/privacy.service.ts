import { Inject, Injectable, Logger } from '@nestjs/common';
import { hasRole, ObjectionLinks, type Viewer } from '#libs/auth';
import { badInput, checkedText, checkPageSize, decodeCursor, encodeCursor, forbidden, notFound, personGlobalId, toGlobalId, type NodeType } from '#libs/common';
import { IntroductionsService } from '#libs/introductions';
import { AccountService, IdentityKeys, normaliseEmail, normalisePhone } from '#libs/network';
import { ACCOUNT_ERASED_CHANNEL, importQueueJobId, JobName, JobQueue, QueueService } from '#libs/queue';
import { PrivacyRepository, type Attestation, type AuditFilter, type AuditRow } from './privacy.repository.js';

export const DELETE_CONFIRMATION = 'DELETE';

/** What acting on an objector's address did; counts only, for the admin who acted. */
export interface AddressSuppression {
  /** People without an account removed outright (every record of them held the address). */
  peopleRemoved: number;
  /** Records removed from people whom others also recorded without the address (left for review). */
  recordsRemoved: number;
  peopleToReview: number;
  /** Accounts the address stands for: never touched here (an account holder deletes their own account). */
  accountsHolding: number;
  /** False when an account holds the address: blocking it would stop that account being found. */
  addressBlocked: boolean;
}

export interface AuditPage {
  items: { cursor: string; row: AuditRow }[];
  hasNextPage: boolean;
  totalCount: number;
}

/** What the audit log records. */
export const AUDIT_ACTIONS = ['EXPORT', 'DELETE_ACCOUNT', 'SUPPRESS', 'OBJECTION_NEEDS_REVIEW'] as const;

/** The audit log's filters as asked (the actor's name as typed; times as given). */
export interface AuditQuery {
  subjectId: string | null;
  actorId: string | null;
  actorName: string | null;
  action: string | null;
  from: Date | null;
  until: Date | null;
}

/** Data subjects' rights. Every use is written to the audit log. */
@Injectable()
export class PrivacyService {
  private readonly logger = new Logger('Privacy');

  constructor(
    @Inject(PrivacyRepository) private readonly repo: PrivacyRepository,
    @Inject(IntroductionsService) private readonly intros: IntroductionsService,
    @Inject(IdentityKeys) private readonly identity: IdentityKeys,
    @Inject(AccountService) private readonly accounts: AccountService,
    @Inject(QueueService) private readonly queues: QueueService,
    @Inject(ObjectionLinks) private readonly links: ObjectionLinks,
  ) {}

  /** The viewer's data as one JSON document (data portability). */
  async exportMyData(viewer: Viewer): Promise<string> {
    const data = await this.repo.export(viewer.personId);
    if (!data) throw notFound('viewer', 'your account');
    await this.repo.audit(viewer.personId, 'EXPORT', viewer.personId);
    return JSON.stringify({ format: 'backr-export-v1', exportedAt: new Date().toISOString(), ...withApiIds(data) }, null, 2);
  }

  /**
   * Erases the viewer's account (see PrivacyRepository.erase). Open requests are settled first so
   * brokers get their slots back and members on them hear the path closed; then one transaction
   * erases; then queued import jobs are dropped and every API replica forgets the sign-in.
   */
  async deleteMyAccount(viewer: Viewer, confirm: string): Promise<boolean> {
    if (confirm !== DELETE_CONFIRMATION) {
      throw badInput('confirm', `must be exactly "${DELETE_CONFIRMATION}" to erase your account and everything only you entered; this cannot be undone`);
    }
    await this.intros.releaseForErasure(viewer.personId);
    const erased = await this.repo.erase(viewer.personId, this.identity.subjectKey(viewer.sub), (others) => this.keysOf(others));
    if (!erased) throw notFound('viewer', 'your account');
    this.accounts.forgetPerson(viewer.personId);
    try {
      await this.queues.publish(ACCOUNT_ERASED_CHANNEL, viewer.personId);
    } catch {
      // Other replicas then refuse the account when their 60-second sign-in cache runs out.
    }
    for (const id of erased.importIds) {
      try {
        await this.queues.queue(JobQueue[JobName.ImportRun]).remove(importQueueJobId(id));
      } catch (error) {
        // A running import finds its job gone at its next batch and stops; nothing to undo here.
        this.logger.warn({ msg: 'could not remove a queued import of an erased account', reason: (error as Error).message });
      }
    }
    return true;
  }

  /** An admin suppresses someone without an account who objected (by letter, phone, …). */
  async suppressPerson(viewer: Viewer, personId: string): Promise<boolean> {
    if (!hasRole(viewer, 'ADMIN')) throw forbidden('Only admins can suppress a person');
    return this.suppress(viewer.personId, personId, 'personId');
  }

  /**
   * The person themselves, through the link in their first message. The link proves only that
   * its holder reads the address it was sent to, so it acts on the records that hold that address.
   * When every record of the person holds it, the person is suppressed; otherwise only those
   * records go, the address is blocked, and an admin is asked (through the audit log) to review
   * the rest: a stranger who typed their own address against someone's public profile can then
   * remove only their own record.
   */
  async objectWithLink(token: string): Promise<'ALL' | 'RECORDS_WITH_ADDRESS'> {
    const { personId, addressKey } = await this.links.read(token);
    const kind = await this.repo.kind(personId);
    if (kind === 'account') throw badInput('token', 'this person now has an account: they can delete it themselves');
    if (kind === null) throw badInput('token', 'these details have already been removed');
    const outcome = await this.settleAddress(personId, personId, addressKey, 'token');
    if (outcome === 'NONE') throw badInput('token', 'nobody holds this address for you any more');
    return outcome;
  }

  /**
   * An admin acts on an objection that came by mail or phone: the objector gives the address they
   * were written to, which is all they can prove. Each person without an account whose records
   * hold it is handled as its objection link would be, and the address is blocked so nobody can add
   * or import it again. An address that stands for an account is left alone: its holder manages it.
   */
  async suppressAddress(viewer: Viewer, address: { email?: string | null; phone?: string | null }): Promise<AddressSuppression> {
    if (!hasRole(viewer, 'ADMIN')) throw forbidden('Only admins can act on an objection');
    const email = address.email?.trim() ? normaliseEmail(address.email, 'input.email') : null;
    const phone = address.phone?.trim() ? normalisePhone(address.phone, 'input.phone') : null;
    if ((email === null) === (phone === null))
      throw badInput(email ? 'input.phone' : 'input.email', 'give either the email address or the phone number the person objected from, one at a time');
    const addressKey = email ? this.identity.key('email', email) : this.identity.key('phone', phone!);
    const result: AddressSuppression = { peopleRemoved: 0, recordsRemoved: 0, peopleToReview: 0, accountsHolding: 0, addressBlocked: false };
    const candidates = await this.repo.peopleHoldingAddress(addressKey, email, phone);
    // The address of an account holder is theirs to manage: nothing is removed or blocked.
    result.accountsHolding = candidates.filter((c) => c.isAccount).length;
    if (result.accountsHolding > 0) return result;
    for (const candidate of candidates) {
      const records = await this.repo.recordsOf(candidate.id);
      const outcome = await this.settleAddress(viewer.personId, candidate.id, addressKey, email ? 'input.email' : 'input.phone');
      if (outcome === 'ALL') result.peopleRemoved += 1;
      if (outcome === 'RECORDS_WITH_ADDRESS') {
        result.peopleToReview += 1;
        result.recordsRemoved += records.filter((r) => this.identity.keysOfRecorded(r).includes(addressKey)).length;
      }
    }
    await this.repo.blockAddress(addressKey);
    result.addressBlocked = true;
    return result;
  }

  /** The records of a person holding an address go; the person too when every record holds it. */
  private async settleAddress(actorId: string, personId: string, addressKey: string, field: string): Promise<'ALL' | 'RECORDS_WITH_ADDRESS' | 'NONE'> {
    const records = await this.repo.recordsOf(personId);
    const claimants = records.filter((r) => this.identity.keysOfRecorded(r).includes(addressKey)).map((r) => r.recordedBy);
    if (!claimants.length) return 'NONE';
    if (claimants.length === records.length) {
      await this.suppress(actorId, personId, field);
      return 'ALL';
    }
    for (const recorder of claimants) await this.intros.relationshipLeaving(recorder, personId);
    await this.repo.removeRecordsWithAddress(personId, claimants, addressKey);
    return 'RECORDS_WITH_ADDRESS';
  }

  async auditLog(viewer: Viewer, query: AuditQuery, first: number, after: string | null): Promise<AuditPage> {
    if (!hasRole(viewer, 'ADMIN')) throw forbidden('Only admins can read the audit log');
    checkPageSize(first);
    const cursor = decodeCursor(after);
    if (cursor && (cursor.length !== 2 || typeof cursor[0] !== 'number' || typeof cursor[1] !== 'string'))
      throw badInput('after', 'is not a cursor returned by this connection');
    const { rows, totalCount } = await this.repo.auditLog(auditFilter(query), first, cursor as [number, string] | null);
    return { items: rows.slice(0, first).map((row) => ({ cursor: encodeCursor([row.ms, row.id]), row })), hasNextPage: rows.length > first, totalCount };
  }

  private async suppress(actorId: string, personId: string, field: string): Promise<boolean> {
    const kind = await this.repo.kind(personId);
    if (kind === 'account') throw badInput(field, 'this person has an account: they delete it themselves with deleteMyAccount');
    if (kind === null) throw notFound(field, 'a person');
    await this.intros.releaseForErasure(personId);
    if (!(await this.repo.suppress(personId, actorId))) throw notFound(field, 'a person');
    return true;
  }

  /** The identity keys that what others recorded still supports. */
  private keysOf(others: Attestation[]): string[] {
    return [...new Set(others.flatMap((o) => this.identity.keysOfRecorded(o)))];
  }
}

type Rows = Record<string, unknown>[];

/** The ids in the export are the API's (global) ids, so a client can look each thing up again. */
function withApiIds(data: Record<string, unknown>): Record<string, unknown> {
  const ids = (rows: unknown, field: string, type: NodeType) =>
    ((rows as Rows) ?? []).map((r) => ({ ...r, [field]: typeof r[field] === 'string' ? toGlobalId(type, r[field]) : r[field] }));
  const account = data['account'] as Record<string, unknown>;
  return {
    ...data,
    account: { ...account, id: toGlobalId('Person', account['id'] as string) },
    contacts: ((data['contacts'] as Rows) ?? []).map(({ ref, ...r }) => ({ person: personGlobalId({ id: '', ref: ref as string }), ...r })),
    introductionsRequested: ids(data['introductionsRequested'], 'id', 'IntroductionRequest'),
    introductionAnswers: ids(data['introductionAnswers'], 'request', 'IntroductionRequest'),
    coachNotesYouWrote: ids(data['coachNotesYouWrote'], 'memberId', 'Person'),
    eventsAttended: ids(data['eventsAttended'], 'id', 'Event'),
    eventsCreated: ids(data['eventsCreated'], 'id', 'Event'),
    imports: ids(data['imports'], 'id', 'ImportJob'),
  };
}

function auditFilter(q: AuditQuery): AuditFilter {
  if (q.action !== null && !(AUDIT_ACTIONS as readonly string[]).includes(q.action)) throw badInput('action', `must be one of ${AUDIT_ACTIONS.join(', ')}`);
  for (const [field, at] of [
    ['from', q.from],
    ['until', q.until],
  ] as const)
    if (at && Number.isNaN(at.getTime())) throw badInput(field, 'must be a date and time');
  if (q.from && q.until && q.until <= q.from) throw badInput('until', 'must be after from');
  const actorName = checkedText(q.actorName, 'actorName', 100);
  return {
    subjectId: q.subjectId,
    actorId: q.actorId,
    actorName: actorName ? actorName.toLowerCase() : null,
    action: q.action,
    from: q.from?.toISOString() ?? null,
    until: q.until?.toISOString() ?? null,
  };
}
