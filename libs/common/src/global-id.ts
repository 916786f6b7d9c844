import { badInput } from './domain-error.js';

/** Relay global ids: opaque to clients, typed inside the service. */
export type NodeType = 'Person' | 'Account' | 'IntroductionRequest' | 'CoachNote' | 'Event' | 'ImportJob' | 'CoachInvitation';
const NODE_TYPES: readonly NodeType[] = ['Person', 'Account', 'IntroductionRequest', 'CoachNote', 'Event', 'ImportJob', 'CoachInvitation'];
const LOCAL_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function toGlobalId(type: NodeType, localId: string): string {
  return Buffer.from(`${type}:${localId}`, 'utf8').toString('base64url');
}

export function parseGlobalId(globalId: string): { type: NodeType; localId: string } | null {
  if (typeof globalId !== 'string' || globalId.length === 0 || globalId.length > 128) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const type = decoded.slice(0, colon) as NodeType;
  const localId = decoded.slice(colon + 1);
  if (!NODE_TYPES.includes(type) || !LOCAL_ID.test(localId)) return null;
  if (toGlobalId(type, localId) !== globalId) return null;
  return { type, localId };
}

/** Decodes an id argument that must be of one type; names the field when it is not. */
export function fromGlobalId(globalId: string, type: NodeType, field: string): string {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.type !== type) throw badInput(field, `is not a valid ${type} id`);
  return parsed.localId;
}

/**
 * A member's contact is shown to them under an id made from their own relationship's reference,
 * not the person's: two members' ids for one person differ, and removing and re-adding someone
 * gives a new id, so ids reveal neither who else knows a person nor which records are one person.
 */
export const CONTACT_REF_PREFIX = 'ref_';

/** The Person id a viewer sees: their relationship's reference for a contact, else the person's own id. */
export function personGlobalId(person: { id: string; ref?: string | null }): string {
  return toGlobalId('Person', person.ref ? `${CONTACT_REF_PREFIX}${person.ref}` : person.id);
}

/** Whether the client gave this optional id at all: an empty one counts, and is then refused as not a valid id. */
export function hasValue<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}
