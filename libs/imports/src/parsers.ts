import { parse } from 'csv-parse/sync';
import { ImportFormatError, type ImportFormat, type RawContact } from './import.types.js';
import { parseVCards } from './vcard.js';

const LINKEDIN_HEADER = ['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On'];
const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };

/** Quick checks the API makes before storing a file: is it text, and does it look like the declared format with at least one record? */
export function sniff(content: string, format: ImportFormat): string | null {
  if (content.includes('\u0000') || (content.match(/\uFFFD/g)?.length ?? 0) > 10) return 'is not a text file (binary data found)';
  switch (format) {
    case 'LINKEDIN_CSV': {
      const lines = content.split(/\r?\n/);
      const at = lines.findIndex((l) => l.replace(/^\uFEFF/, '').startsWith('First Name,Last Name,URL'));
      if (at < 0) return 'is not a LinkedIn Connections.csv export (no "First Name,Last Name,URL,…" header line)';
      if (!lines.slice(at + 1).some((l) => l.trim())) return 'has a header line but no contacts';
      return null;
    }
    case 'GOOGLE_CSV': {
      const [header, ...rest] = content.replace(/^\uFEFF/, '').split(/\r?\n/);
      if (!/(^|,)"?(Name|First Name|Given Name)"?(,|$)/.test(header) || !/E-mail 1 - Value|Phone 1 - Value/.test(header)) {
        return 'is not a Google Contacts CSV export (no "Name"/"First Name" and "E-mail 1 - Value" columns)';
      }
      if (!rest.some((l) => l.trim())) return 'has a header line but no contacts';
      return null;
    }
    case 'VCARD':
      if (!/^BEGIN:VCARD/im.test(content)) return 'is not a vCard file (no BEGIN:VCARD)';
      return null;
  }
}

/** Every record of the file; throws ImportFormatError when the file cannot be read as the declared format. */
export function parseContacts(content: string, format: ImportFormat): RawContact[] {
  const problem = sniff(content, format);
  if (problem) throw new ImportFormatError(`The file ${problem}.`);
  switch (format) {
    case 'LINKEDIN_CSV':
      return parseLinkedIn(content);
    case 'GOOGLE_CSV':
      return parseGoogle(content);
    case 'VCARD':
      return parseVCards(content, joinName, nonEmpty);
  }
}

function csvRecords(text: string, firstLine: number, format: string): { record: Record<string, string>; line: number }[] {
  try {
    const records = parse<{ record: Record<string, string>; info: { lines: number } }>(text, {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    });
    return records.map((r) => ({ record: r.record, line: firstLine + r.info.lines - 1 }));
  } catch (error) {
    throw new ImportFormatError(`The file could not be read as ${format}: ${(error as Error).message}`);
  }
}

function parseLinkedIn(content: string): RawContact[] {
  const lines = content.split(/\r?\n/);
  const at = lines.findIndex((l) => l.replace(/^\uFEFF/, '').startsWith('First Name,Last Name,URL'));
  const header = lines[at].replace(/^\uFEFF/, '').split(',');
  if (!LINKEDIN_HEADER.every((h) => header.includes(h))) {
    throw new ImportFormatError(`The LinkedIn header is missing columns: expected ${LINKEDIN_HEADER.join(',')}.`);
  }
  return csvRecords(lines.slice(at).join('\n'), at + 1, 'a LinkedIn Connections.csv').map(({ record: r, line }) => ({
    row: line,
    name: joinName(r['First Name'], r['Last Name']),
    emails: nonEmpty([r['Email Address']]),
    phones: [],
    linkedinUrl: r['URL'] || null,
    organisation: r['Company'] || null,
    title: r['Position'] || null,
    ...connected(r['Connected On']),
  }));
}

function parseGoogle(content: string): RawContact[] {
  return csvRecords(content, 1, 'a Google Contacts CSV').map(({ record: r, line }) => {
    const valuesOf = (prefix: 'E-mail' | 'Phone') =>
      nonEmpty(
        Object.entries(r)
          .filter(([k]) => k.startsWith(`${prefix} `) && k.endsWith(' - Value'))
          .flatMap(([, v]) => (v ?? '').split(':::').map((s) => s.trim())),
      );
    const name = googleName(r);
    return {
      row: line,
      name: name || null,
      emails: valuesOf('E-mail'),
      phones: valuesOf('Phone'),
      linkedinUrl: Object.entries(r).find(([k, v]) => k.startsWith('Website') && k.endsWith('Value') && /linkedin\.com\/in\//i.test(v ?? ''))?.[1] ?? null,
      organisation: r['Organization 1 - Name'] || r['Organization Name'] || null,
      title: r['Organization 1 - Title'] || r['Organization Title'] || null,
      connectedOn: null,
    };
  });
}

/**
 * Google keeps "Name" as typed, often "Last, First" (Outlook and older phones file people that way): turned
 * round to "First Last", unless the part after the comma is a suffix (PhD, Jr, MBE, ...) or the file's own
 * given and family names say otherwise.
 */
export function googleName(r: Record<string, string | undefined>): string | null {
  const given = (r['First Name'] ?? r['Given Name'] ?? '').trim();
  const family = (r['Last Name'] ?? r['Family Name'] ?? '').trim();
  const typed = (r['Name'] ?? '').trim();
  const comma = /^([^,]+?)\s*,\s*([^,]+)$/.exec(typed);
  if (comma && !SUFFIX.test(comma[2].trim())) {
    const [last, first] = [comma[1].trim(), comma[2].trim()];
    const agrees = (!given || first.toLowerCase().startsWith(given.toLowerCase())) && (!family || last.toLowerCase() === family.toLowerCase());
    if (agrees) return `${first} ${last}`;
  }
  return typed || joinName(given, family) || r['Nickname']?.trim() || null;
}

const SUFFIX = /^(jr|sr|ii|iii|iv|phd|md|dds|esq|mbe|obe|cbe|rn|bsc|msc|ba|ma|frcs|mrcp|cpa)\.?$/i;

function joinName(first: string | undefined, last: string | undefined): string | null {
  const name = [first, last]
    .map((s) => (s ?? '').trim())
    .filter(Boolean)
    .join(' ');
  return name || null;
}

function nonEmpty(values: (string | undefined)[]): string[] {
  return [...new Set(values.map((v) => (v ?? '').trim()).filter(Boolean))];
}

/** "Connected On" as a date, or a row problem that says what was wrong with it (left out, the row still imported). */
function connected(value: string | undefined): { connectedOn: Date | null; problems?: string[] } {
  const read = readDate(value);
  return read.problem ? { connectedOn: null, problems: [`Connected On ${read.problem}: left out`] } : { connectedOn: read.date };
}

/**
 * A date as exports write it: LinkedIn's "04 Mar 2024" (or "4 March 2024") or ISO 8601 ("2024-03-04",
 * with or without a time). An impossible day ("31 Feb 2020") or a date in the future is a problem, never
 * silently moved to another day.
 */
export function readDate(value: string | undefined): { date: Date | null; problem: string | null } {
  const text = (value ?? '').trim();
  if (!text) return { date: null, problem: null };
  let year: number;
  let month: number;
  let day: number;
  let date: Date;
  const words = /^(\d{1,2}) ([A-Za-z]{3,9})\.? (\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (words && MONTHS[words[2].slice(0, 3).toLowerCase()] !== undefined && (words[2].length === 3 || FULL_MONTH.test(words[2]))) {
    [year, month, day] = [Number(words[3]), MONTHS[words[2].slice(0, 3).toLowerCase()], Number(words[1])];
    date = new Date(Date.UTC(year, month, day));
  } else if (iso) {
    [year, month, day] = [Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])];
    date = iso[4] ? new Date(text.replace(' ', 'T') + (iso[7] ? '' : 'Z')) : new Date(Date.UTC(year, month, day));
  } else {
    return { date: null, problem: `"${text.slice(0, 40)}" is not a date (expected e.g. 04 Mar 2024 or 2024-03-04)` };
  }
  const real = new Date(Date.UTC(year, month, day));
  if (Number.isNaN(date.getTime()) || real.getUTCFullYear() !== year || real.getUTCMonth() !== month || real.getUTCDate() !== day) {
    return { date: null, problem: `"${text}" is not a real date` };
  }
  if (date.getTime() > Date.now()) return { date: null, problem: `"${text}" is in the future` };
  return { date, problem: null };
}

const FULL_MONTH = /^(january|february|march|april|may|june|july|august|september|october|november|december|sept)$/i;

/** LinkedIn's "Connected On" as a date, or null when it is empty or not a usable date (see readDate). */
export function linkedInDate(value: string | undefined): Date | null {
  return readDate(value).date;
}
