import { DomainError } from '#libs/common';
import { canonicalLinkedIn, IDENTIFIER_LIMITS, normaliseEmail, normalisePhone, type IdentityKeys } from '#libs/network';
import type { RawContact, RowError } from './import.types.js';

const MAX_NAME = 200;
const MAX_TEXT = 200;

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
    const emails = bounded([...new Set(r.emails.flatMap((e) => valid(() => normaliseEmail(e), r.row, errors)))], IDENTIFIER_LIMITS.emails, 'email addresses', r.row, errors);
    const phones = bounded([...new Set(r.phones.flatMap((p) => valid(() => normalisePhone(p), r.row, errors)))], IDENTIFIER_LIMITS.phones, 'phone numbers', r.row, errors);
    const linkedin = r.linkedinUrl ? valid(() => canonicalLinkedIn(r.linkedinUrl!), r.row, errors)[0] ?? null : null;
    const keys = keysOf(identity, emails, phones, linkedin);
    const same = keys.map((k) => byKey.get(k)).find(Boolean);
    if (same) {
      // The same person again in this file: keep the first row, add what it lacked.
      duplicates++;
      skipped++;
      // Folding must not grow one contact past the bounds: what does not fit stays out of both.
      const moreEmails = emails.filter((e) => !same.emails.includes(e));
      const morePhones = phones.filter((p) => !same.phones.includes(p));
      same.emails.push(...bounded(moreEmails, IDENTIFIER_LIMITS.emails - same.emails.length, 'email addresses', r.row, errors));
      same.phones.push(...bounded(morePhones, IDENTIFIER_LIMITS.phones - same.phones.length, 'phone numbers', r.row, errors));
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

/** Keeps the first `limit` values; reports the rest on the row. */
function bounded(values: string[], limit: number, what: 'email addresses' | 'phone numbers', row: number, errors: RowError[]): string[] {
  const room = Math.max(0, limit);
  if (values.length <= room) return values;
  const max = what === 'email addresses' ? IDENTIFIER_LIMITS.emails : IDENTIFIER_LIMITS.phones;
  errors.push({ row, message: `at most ${max} ${what} are kept for one person: ${values.length - room} left out` });
  return values.slice(0, room);
}

function roleOf(r: RawContact): PreparedContact['role'] {
  const title = r.title?.trim().slice(0, MAX_TEXT);
  if (!title) return null;
  return { title, organisation: r.organisation?.trim().slice(0, MAX_TEXT) || null };
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
