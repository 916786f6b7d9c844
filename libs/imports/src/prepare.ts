import { DomainError } from '#libs/common';
import { canonicalLinkedIn, IDENTIFIER_LIMITS, normaliseEmail, normalisePhone, type IdentityKeys } from '#libs/network';
import type { RawContact, RowError } from './import.types.js';

const MAX_NAME = 200;
const MAX_TEXT = 200;
/** The most email addresses and phone numbers one contact keeps (the identity bound); extras are reported. */
/** The per-contact bound of the identity rules (IDENTIFIER_LIMITS), the same for emails and phones. */
export const MAX_IDENTIFIERS = IDENTIFIER_LIMITS.emails;

/** One contact to write: file rows that are the same person (shared email, phone or LinkedIn) are folded into one. */
export interface PreparedContact {
  row: number;
  displayName: string;
  /** Normalised, at most IDENTIFIER_LIMITS of each (extras are reported on the row). */
  emails: string[];
  phones: string[];
  linkedinUrl: string | null;
  keys: string[];
  /** For contacts without any identity key: the importer's own name for them, so a re-import finds the same contact. */
  importKey: string | null;
  role: { title: string; organisation: string | null } | null;
  connectedOn: string | null;
}

export interface Prepared {
  contacts: PreparedContact[];
  errors: RowError[];
  /** Rows not written as a contact of their own: unusable, or the same person as an earlier row. */
  skipped: number;
  duplicates: number;
}

/**
 * Validates and normalises rows, and folds rows that share an identity key. Values that do not
 * parse are reported and left out (the contact is still imported by name); a row without a
 * usable name is skipped. Deterministic, so a resumed job cuts the same batches.
 */
export function prepareContacts(raw: RawContact[], identity: IdentityKeys, importerId: string): Prepared {
  const errors: RowError[] = [];
  const contacts: PreparedContact[] = [];
  const byKey = new Map<string, PreparedContact>();
  const byImportKey = new Set<string>();
  let skipped = 0;
  let duplicates = 0;
  for (const r of raw) {
    if (r.unreadable) {
      for (const message of r.problems ?? []) errors.push({ row: r.row, message });
      skipped++;
      continue;
    }
    const name = (r.name ?? '').replace(/\s+/g, ' ').trim();
    if (!name) {
      errors.push({ row: r.row, message: 'no name (FN or N in a vCard, First/Last Name in a CSV): skipped' });
      skipped++;
      continue;
    }
    if (name.length > MAX_NAME) {
      errors.push({ row: r.row, message: `name longer than ${MAX_NAME} characters: skipped` });
      skipped++;
      continue;
    }
    for (const message of r.problems ?? []) errors.push({ row: r.row, message });
    const emails = bounded([...new Set(r.emails.flatMap((e) => valid(() => normaliseEmail(e), r.row, errors)))], 'email addresses', r.row, errors);
    const phones = bounded([...new Set(r.phones.flatMap((p) => valid(() => normalisePhone(p), r.row, errors)))], 'phone numbers', r.row, errors);
    const linkedin = r.linkedinUrl ? (valid(() => canonicalLinkedIn(r.linkedinUrl!), r.row, errors)[0] ?? null) : null;
    const keys = keysOf(identity, emails, phones, linkedin);
    const same = keys.map((k) => byKey.get(k)).find(Boolean);
    if (same) {
      // The same person again in this file: keep the first row, add what it lacked.
      duplicates++;
      skipped++;
      // Folding must not grow one contact past the bounds: what does not fit stays out of both.
      same.emails = merged(same.emails, emails, 'email addresses', r.row, errors);
      same.phones = merged(same.phones, phones, 'phone numbers', r.row, errors);
      same.linkedinUrl ??= linkedin ? `https://www.${linkedin}` : null;
      same.keys = keysOf(identity, same.emails, same.phones, same.linkedinUrl ? canonicalLinkedIn(same.linkedinUrl) : null);
      for (const k of same.keys) byKey.set(k, same);
      same.role ??= roleOf(r);
      continue;
    }
    const contact: PreparedContact = {
      row: r.row,
      displayName: name,
      emails,
      phones,
      linkedinUrl: linkedin ? `https://www.${linkedin}` : null,
      keys,
      importKey: keys.length ? null : identity.key('email', `import|${importerId}|${name.toLowerCase()}|${(r.organisation ?? '').toLowerCase()}`),
      role: roleOf(r),
      connectedOn: r.connectedOn ? r.connectedOn.toISOString() : null,
    };
    if (contact.importKey) {
      if (byImportKey.has(contact.importKey)) {
        duplicates++;
        skipped++;
        continue;
      }
      byImportKey.add(contact.importKey);
    }
    keys.forEach((k) => byKey.set(k, contact));
    contacts.push(contact);
  }
  return { contacts, errors, skipped, duplicates };
}

function keysOf(identity: IdentityKeys, emails: string[], phones: string[], linkedin: string | null): string[] {
  return [
    ...emails.map((e) => identity.key('email', e)),
    ...phones.map((p) => identity.key('phone', p)),
    ...(linkedin ? [identity.key('linkedin', linkedin)] : []),
  ];
}

function roleOf(r: RawContact): PreparedContact['role'] {
  const title = r.title?.trim().slice(0, MAX_TEXT);
  if (!title) return null;
  return { title, organisation: r.organisation?.trim().slice(0, MAX_TEXT) || null };
}

function bounded(values: string[], what: string, row: number, errors: RowError[]): string[] {
  if (values.length <= MAX_IDENTIFIERS) return values;
  errors.push({
    row,
    message: `${values.length} ${what}: kept the first ${MAX_IDENTIFIERS} (the most a contact holds), left out ${values.length - MAX_IDENTIFIERS}`,
  });
  return values.slice(0, MAX_IDENTIFIERS);
}

/** A later row of the same person adds what the first lacked, up to the bound. */
function merged(have: string[], more: string[], what: string, row: number, errors: RowError[]): string[] {
  const all = [...new Set([...have, ...more])];
  if (all.length <= MAX_IDENTIFIERS) return all;
  errors.push({
    row,
    message: `the same person as an earlier row with ${all.length} ${what} in all: kept ${MAX_IDENTIFIERS}, left out ${all.length - MAX_IDENTIFIERS}`,
  });
  return all.slice(0, MAX_IDENTIFIERS);
}

function valid<T>(make: () => T, row: number, errors: RowError[]): T[] {
  try {
    return [make()];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    errors.push({ row, message: `${error.message.replace(/^[a-zA-Z]+: /, '')}: left out` });
    return [];
  }
}
