import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Viewer } from '#libs/auth';
import { badInput, checkPageSize, CONTACT_REF_PREFIX, decodeCursor, DomainError, encodeCursor, fromGlobalId, notFound, type Page } from '#libs/common';
import { IdentityKeys } from './identity-keys.js';
import { organisationSelector } from './work/work.organisations.js';
import { canonicalLinkedIn, normaliseEmail, normalisePhone } from './identity.normalise.js';
import { NetworkRepository } from './network.repository.js';
import {
  IDENTIFIER_LIMITS,
  RELATIONSHIP_CONTEXTS,
  type ContactData,
  type RecordedDetails,
  type WorkRoleData,
  type NetworkQuery,
  type PersonView,
  type RelationshipUpdate,
  type RelationshipView,
} from './network.types.js';
import { RoleBuilder } from './role.builder.js';

const MAX_NAME = 200;
const CONTACT_MISSING = 'a contact in your network with this id was';
const MAX_NOTE = 1000;

@Injectable()
export class NetworkService {
  constructor(
    @Inject(NetworkRepository) private readonly repo: NetworkRepository,
    @Inject(IdentityKeys) private readonly identity: IdentityKeys,
    @Inject(RoleBuilder) private readonly roles: RoleBuilder,
  ) {}

  async network(viewer: Viewer, q: NetworkQuery): Promise<Page<RelationshipView>> {
    const first = checkPageSize(q.first);
    const after = decodeCursor(q.after);
    if (after && (after.length !== 2 || typeof after[0] !== 'string' || typeof after[1] !== 'string')) {
      throw badInput('after', 'is not a cursor returned by this connection');
    }
    const search = q.search?.trim().toLowerCase() || null;
    if (search && search.length > 200) throw badInput('filter.search', 'must be at most 200 characters');
    const contexts = q.contexts?.length ? q.contexts : null;
    const organisationText = q.organisation?.trim() || null;
    if (organisationText && organisationText.length > 200) throw badInput('filter.organisation', 'must be at most 200 characters');
    // Employers and sectors read the same way as for introPaths ("the NHS" covers hospitals and ambulance services).
    const organisationPattern = organisationText ? (organisationSelector(organisationText)?.pattern ?? null) : null;
    const { rows, total } = await this.repo.page(viewer.personId, { first, afterKey: after as [string, string] | null, search, contexts, organisationPattern });
    const items = rows.slice(0, first);
    const keys = new Map(items.map((r) => [r.rel, encodeCursor([r.sortName, r.rel.person.id])]));
    return {
      items: items.map((r) => r.rel),
      hasNextPage: rows.length > first,
      hasPreviousPage: after !== null,
      totalCount: total,
      cursorOf: (rel) => keys.get(rel)!,
    };
  }

  /**
   * The local person id behind a Person id argument: a contact reference resolves only through
   * the viewer's own relationship (NOT_FOUND otherwise, as for an unknown id).
   */
  async personIdOf(viewer: Viewer, globalId: string, field: string, what = 'a person in your network with this id was'): Promise<string> {
    const local = fromGlobalId(globalId, 'Person', field);
    if (!local.startsWith(CONTACT_REF_PREFIX)) return local;
    const id = await this.repo.personByRef(viewer.personId, local.slice(CONTACT_REF_PREFIX.length));
    if (!id) throw notFound(field, what);
    return id;
  }

  /** Like personIdOf, but the person must be one of the viewer's contacts (checked before anything else is changed). */
  async contactIdOf(viewer: Viewer, globalId: string, field: string): Promise<string> {
    const id = await this.personIdOf(viewer, globalId, field, CONTACT_MISSING);
    if (!(await this.repo.relationship(viewer.personId, id))) throw notFound(field, CONTACT_MISSING);
    return id;
  }

  /** Like personIdOf, but null for anything that does not resolve (for node(id): no oracle). */
  async maybePersonIdOf(viewer: Viewer, globalId: string): Promise<string | null> {
    try {
      return await this.personIdOf(viewer, globalId, 'id');
    } catch (error) {
      // Only "not a valid id" and "not found" read as null; an outage still surfaces as one.
      if (error instanceof DomainError) return null;
      throw error;
    }
  }

  person(viewer: Viewer, personId: string): Promise<PersonView | null> {
    return this.repo.visiblePerson(viewer.personId, personId);
  }

  async addContact(viewer: Viewer, input: ContactInputData): Promise<RelationshipView> {
    const displayName = name(input.displayName, 'input.displayName');
    checkStrength(input.strength, 'input.strength');
    checkContext(input.context, 'input.context');
    const ids = identifiersOf(input, 'input');
    const howWeMet = note(input.howWeMet, 'input.howWeMet');
    checkDate(input.lastContactAt, 'input.lastContactAt');
    const roles = await this.roles.build(input.roles ?? [], 'input.roles');
    return this.repo.addContact(
      viewer.personId,
      { ...input, displayName, emails: ids.emails, phones: ids.phones, linkedinUrl: ids.linkedinUrl, howWeMet },
      this.keysOf(ids),
      roles,
      randomUUID(),
    );
  }

  async updateRelationship(viewer: Viewer, personId: string, input: RelationshipUpdateData): Promise<RelationshipView> {
    if (input.strength !== undefined && input.strength !== null) checkStrength(input.strength, 'input.strength');
    if (input.context !== undefined && input.context !== null) checkContext(input.context, 'input.context');
    checkDate(input.lastContactAt, 'input.lastContactAt');
    const howWeMet = input.howWeMet === undefined ? undefined : note(input.howWeMet, 'input.howWeMet');
    const displayName = input.displayName === undefined || input.displayName === null ? undefined : name(input.displayName, 'input.displayName');
    // Each kind given replaces what was recorded of that kind; a kind left out stays as it was.
    const kinds = {
      emails: input.email !== undefined || input.emails !== undefined,
      phones: input.phone !== undefined || input.phones !== undefined,
      linkedin: input.linkedinUrl !== undefined,
    };
    const identifiers = kinds.emails || kinds.phones || kinds.linkedin ? { ...identifiersOf(input, 'input'), kinds } : undefined;
    const roles = input.roles ? await this.roles.build(input.roles, 'input.roles') : undefined;
    const updated = await this.repo.updateRelationship(
      viewer.personId,
      personId,
      { context: input.context, strength: input.strength, lastContactAt: input.lastContactAt, howWeMet, displayName, identifiers, roles },
      (details) => this.identity.keysOfRecorded(details),
    );
    if (!updated) throw notFound('personId', CONTACT_MISSING);
    return updated;
  }

  /** Identity keys of a claim, strongest first: emails, phones, then the LinkedIn profile. */
  private keysOf(ids: RecordedDetails): string[] {
    return [
      ...ids.emails.map((e) => this.identity.key('email', e)),
      ...ids.phones.map((p) => this.identity.key('phone', p)),
      ...(ids.linkedinUrl ? [this.identity.key('linkedin', canonicalLinkedIn(ids.linkedinUrl))] : []),
    ];
  }

  async removeContact(viewer: Viewer, personId: string): Promise<boolean> {
    const removed = await this.repo.removeContact(viewer.personId, personId);
    if (!removed) throw notFound('personId', CONTACT_MISSING);
    return true;
  }

  async mergeContacts(viewer: Viewer, keepId: string, mergeId: string): Promise<RelationshipView> {
    if (keepId === mergeId) throw badInput('mergeId', 'must be a different contact from keepId');
    const result = await this.repo.mergeContacts(viewer.personId, keepId, mergeId);
    if (result === 'keep-missing') throw notFound('keepId', CONTACT_MISSING);
    if (result === 'merge-missing') throw notFound('mergeId', CONTACT_MISSING);
    return result;
  }
}

/** Identifier fields as a client sends them (single fields plus lists). */
export interface IdentifierFields {
  email?: string | null;
  emails?: string[] | null;
  phone?: string | null;
  phones?: string[] | null;
  linkedinUrl?: string | null;
}

export type ContactInputData = Omit<ContactData, 'emails' | 'phones'> & IdentifierFields;
export type RelationshipUpdateData = Omit<RelationshipUpdate, 'identifiers' | 'roles'> & IdentifierFields & { roles?: WorkRoleData[] | null };

/** Normalised, de-duplicated identifiers within the per-contact bounds; names the field at fault. */
export function identifiersOf(input: IdentifierFields, prefix: string): RecordedDetails {
  const emailsIn = [input.email, ...(input.emails ?? [])].filter((v): v is string => !blank(v));
  const phonesIn = [input.phone, ...(input.phones ?? [])].filter((v): v is string => !blank(v));
  const emails = [...new Set(emailsIn.map((e, i) => normaliseEmail(e, i === 0 && !blank(input.email) ? `${prefix}.email` : `${prefix}.emails`)))];
  const phones = [...new Set(phonesIn.map((p, i) => normalisePhone(p, i === 0 && !blank(input.phone) ? `${prefix}.phone` : `${prefix}.phones`)))];
  if (emails.length > IDENTIFIER_LIMITS.emails) throw badInput(`${prefix}.emails`, `at most ${IDENTIFIER_LIMITS.emails} email addresses for one person`);
  if (phones.length > IDENTIFIER_LIMITS.phones) throw badInput(`${prefix}.phones`, `at most ${IDENTIFIER_LIMITS.phones} phone numbers for one person`);
  const linkedin = blank(input.linkedinUrl) ? null : canonicalLinkedIn(input.linkedinUrl!, `${prefix}.linkedinUrl`);
  return { emails, phones, linkedinUrl: linkedin ? `https://www.${linkedin}` : null };
}

function name(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw badInput(field, 'must not be empty');
  if (trimmed.length > MAX_NAME) throw badInput(field, `must be at most ${MAX_NAME} characters`);
  return trimmed;
}

function blank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === '';
}

function checkStrength(strength: number, field: string): void {
  if (typeof strength !== 'number' || !Number.isFinite(strength) || strength < 0 || strength > 1) {
    throw badInput(field, 'must be a number from 0 to 1 (1 = know each other very well)');
  }
}

function checkContext(context: string, field: string): void {
  if (!(RELATIONSHIP_CONTEXTS as readonly string[]).includes(context)) throw badInput(field, `must be one of ${RELATIONSHIP_CONTEXTS.join(', ')}`);
}

function checkDate(date: Date | null | undefined, field: string): void {
  if (!date) return;
  if (Number.isNaN(date.getTime())) throw badInput(field, 'is not a valid date-time');
  if (date.getTime() > Date.now() + 24 * 3600 * 1000) throw badInput(field, 'must not be in the future');
}

function note(value: string | null | undefined, field: string): string | null {
  const trimmed = value?.trim() || null;
  if (trimmed && trimmed.length > MAX_NOTE) throw badInput(field, `must be at most ${MAX_NOTE} characters`);
  return trimmed;
}
