import { parse } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { ImportFormatError, type ImportFormat, type RawContact } from './import.types.js';

const LINKEDIN_HEADER = ['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On'];
const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };

/** Quick checks the API makes before storing a file: is it text, and does it look like the declared format with at least one record? */
export function sniff(content: string, format: ImportFormat): string | null {
  if (/\u0000/.test(content) || (content.match(/\uFFFD/g)?.length ?? 0) > 10) return 'is not a text file (binary data found)';
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
      return parseVCards(content);
  }
}

function csvRecords(text: string, firstLine: number, format: string): { record: Record<string, string>; line: number }[] {
  try {
    const records = parse(text, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, info: true }) as {
      record: Record<string, string>;
      info: { lines: number };
    }[];
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
    connectedOn: linkedInDate(r['Connected On']),
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
    const name = r['Name'] || joinName(r['First Name'] ?? r['Given Name'], r['Last Name'] ?? r['Family Name']) || r['Nickname'] || null;
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

function parseVCards(content: string): RawContact[] {
  let parsed: unknown;
  try {
    parsed = ICAL.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportFormatError(`The file could not be read as vCard: ${(error as Error).message}`);
  }
  const cards = (Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
  return cards.map((jcard, i) => {
    const card = new ICAL.Component(jcard as never);
    if (card.name !== 'vcard') throw new ImportFormatError(`Record ${i + 1} is a ${card.name}, not a vCard.`);
    const text = (v: unknown) => (Array.isArray(v) ? v.filter(Boolean).join(' ') : typeof v === 'string' ? v : '').trim();
    const n = card.getFirstPropertyValue('n') as unknown;
    const nameFromN = Array.isArray(n) ? joinName(String(n[1] ?? ''), String(n[0] ?? '')) : null;
    const org = card.getFirstPropertyValue('org') as unknown;
    const urls = card.getAllProperties('url').map((p) => String(p.getFirstValue()));
    return {
      row: i + 1,
      name: text(card.getFirstPropertyValue('fn')) || nameFromN || null,
      emails: nonEmpty(card.getAllProperties('email').map((p) => String(p.getFirstValue()))),
      phones: nonEmpty(card.getAllProperties('tel').map((p) => String(p.getFirstValue()).replace(/^tel:/i, ''))),
      linkedinUrl: urls.find((u) => /linkedin\.com\/in\//i.test(u)) ?? null,
      organisation: (Array.isArray(org) ? String(org[0] ?? '') : text(org)) || null,
      title: text(card.getFirstPropertyValue('title')) || null,
      connectedOn: null,
    };
  });
}

function joinName(first: string | undefined, last: string | undefined): string | null {
  const name = [first, last].map((s) => (s ?? '').trim()).filter(Boolean).join(' ');
  return name || null;
}

function nonEmpty(values: (string | undefined)[]): string[] {
  return [...new Set(values.map((v) => (v ?? '').trim()).filter(Boolean))];
}

/** LinkedIn writes "04 Mar 2024" (older exports: "4/3/24" is not used). */
export function linkedInDate(value: string | undefined): Date | null {
  const m = /^(\d{1,2}) ([A-Za-z]{3}) (\d{4})$/.exec((value ?? '').trim());
  if (!m || MONTHS[m[2].toLowerCase()] === undefined) return null;
  const date = new Date(Date.UTC(Number(m[3]), MONTHS[m[2].toLowerCase()], Number(m[1])));
  return Number.isNaN(date.getTime()) || date.getTime() > Date.now() ? null : date;
}
