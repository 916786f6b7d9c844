import type { AccountRole } from '#libs/auth';

export const RELATIONSHIP_CONTEXTS = [
  'FAMILY', 'FRIEND', 'EX_COLLEAGUE', 'COLLEAGUE', 'NEIGHBOUR', 'COMMUNITY', 'EDUCATION', 'EVENT', 'PROFESSIONAL', 'OTHER',
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
  displayName: string;
  headline: string | null;
  roles: WorkRoleView[];
  isMember: boolean;
}

export interface RelationshipView {
  person: PersonView;
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

export interface ContactData {
  displayName: string;
  email?: string | null;
  phone?: string | null;
  linkedinUrl?: string | null;
  roles?: WorkRoleData[] | null;
  context: RelationshipContext;
  strength: number;
  howWeMet?: string | null;
  lastContactAt?: Date | null;
}

export interface RelationshipUpdate {
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
}
