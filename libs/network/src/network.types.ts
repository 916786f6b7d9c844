import type { AccountRole } from '#libs/auth';

export const RELATIONSHIP_CONTEXTS = [
  'FAMILY',
  'FRIEND',
  'EX_COLLEAGUE',
  'COLLEAGUE',
  'NEIGHBOUR',
  'COMMUNITY',
  'EDUCATION',
  'EVENT',
  'PROFESSIONAL',
  'OTHER',
] as const;
export type RelationshipContext = (typeof RELATIONSHIP_CONTEXTS)[number];

export interface OccupationView {
  code: string;
  title: string;
  /** 0..1 where the occupation was read from free text; absent otherwise. */
  confidence?: number | null;
}

export interface WorkRoleView {
  title: string;
  organisation: string | null;
  sector: string | null;
  location: string | null;
  current: boolean;
  occupation: OccupationView | null;
}

/** A person as one particular viewer may see them. */
export interface PersonView {
  id: string;
  /** The viewer's relationship reference when this is their contact: it makes the id the viewer sees (see PersonIds). */
  ref?: string | null;
  displayName: string;
  headline: string | null;
  roles: WorkRoleView[];
  isMember: boolean;
}

export interface RelationshipView {
  person: PersonView;
  /** The viewer's own record of this contact's identifiers. */
  recorded: RecordedDetails;
  context: RelationshipContext;
  strength: number;
  howWeMet: string | null;
  lastContactAt: Date | null;
  createdAt: Date;
}

export interface WorkGoalView {
  id: string;
  work: string;
  occupation: OccupationView | null;
  location: string | null;
  note: string | null;
  createdAt: Date;
}

export interface AccountView {
  personId: string;
  roles: AccountRole[];
  lendsNetwork: boolean;
  brokerCapacity: number;
  /** Introductions: held-up requests move to another path without asking first. */
  autoReroute?: boolean;
  /** The account holder as they see themselves, read in the same query (saves a round trip for `me { person }`). */
  person?: PersonView;
}

export interface WorkRoleData {
  title: string;
  organisation?: string | null;
  sector?: string | null;
  location?: string | null;
  current?: boolean | null;
}

/** A role ready to store: trimmed, with its matched occupation code. */
export interface RoleRecord {
  id: string;
  title: string;
  organisation: string | null;
  sector: string | null;
  location: string | null;
  current: boolean;
  code: string | null;
}

/** At most this many of each identifier per contact, so one record cannot claim many people. */
export const IDENTIFIER_LIMITS = { emails: 3, phones: 3, linkedinUrls: 1 } as const;

/** A contact to store: identifiers already normalised and bounded (see IDENTIFIER_LIMITS). */
export interface ContactData {
  displayName: string;
  emails: string[];
  phones: string[];
  linkedinUrl?: string | null;
  roles?: WorkRoleData[] | null;
  context: RelationshipContext;
  strength: number;
  howWeMet?: string | null;
  lastContactAt?: Date | null;
}

/** What a member typed for a contact, as they may read it back (their own record only). */
export interface RecordedDetails {
  emails: string[];
  phones: string[];
  linkedinUrl: string | null;
}

/** Identifier properties of a stored KNOWS edge, as the recorder typed them (normalised). */
export interface RecordedEdge {
  email: string | null;
  moreEmails?: string[] | null;
  phone: string | null;
  morePhones?: string[] | null;
  linkedinUrl: string | null;
}

/** Which kinds of identifier an edit replaces: emails (email with emails), phones (phone with phones), LinkedIn. */
export interface IdentifierKinds {
  emails: boolean;
  phones: boolean;
  linkedin: boolean;
}

export interface RelationshipUpdate {
  displayName?: string | null;
  /** Replaces the recorded identifiers of each kind given (already normalised and bounded); other kinds stay. */
  identifiers?: (RecordedDetails & { kinds: IdentifierKinds }) | null;
  roles?: RoleRecord[] | null;
  context?: RelationshipContext | null;
  strength?: number | null;
  howWeMet?: string | null;
  lastContactAt?: Date | null;
}

export interface NetworkQuery {
  first: number;
  after?: string | null;
  search?: string | null;
  contexts?: RelationshipContext[] | null;
  /** An employer or sector ("Yorkshire Ambulance Service", "the NHS", "schools"), matched on the work the viewer recorded. */
  organisation?: string | null;
}
