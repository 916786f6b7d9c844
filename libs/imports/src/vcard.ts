import ICAL from 'ical.js';
import { ImportFormatError, type RawContact } from './import.types.js';

/**
 * vCard files as phones and address books export them: 2.1 (Android's default: `TEL;CELL:…`, bare
 * parameters, quoted-printable values), 3.0 and 4.0. Cards are found in the text first and read one by
 * one with ical.js, so one unreadable or unfinished card (a truncated file) is reported and skipped while
 * the complete cards are imported. A file with no readable card at all fails as not a vCard file.
 */
export function parseVCards(
  content: string,
  joinName: (first?: string, last?: string) => string | null,
  nonEmpty: (v: (string | undefined)[]) => string[],
): RawContact[] {
  const lines = content.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const first = lines.find((l) => l.trim());
  if (first && !/^BEGIN:VCARD\s*$/i.test(first.trim())) {
    const what = /^BEGIN:(\w+)/i.exec(first.trim())?.[1];
    throw new ImportFormatError(
      what ? `Record 1 is a ${what.toLowerCase()}, not a vCard.` : 'The file does not start with BEGIN:VCARD, so it is not a vCard file.',
    );
  }
  const blocks: { card: number; lines: string[]; complete: boolean }[] = [];
  let open: { card: number; lines: string[]; complete: boolean } | null = null;
  for (const line of lines) {
    if (/^BEGIN:VCARD\s*$/i.test(line.trim())) {
      if (open) blocks.push(open);
      open = { card: blocks.length + 1, lines: [line.trim()], complete: false };
    } else if (open && /^END:VCARD\s*$/i.test(line.trim())) {
      open.lines.push(line.trim());
      open.complete = true;
      blocks.push(open);
      open = null;
    } else if (open) open.lines.push(line);
  }
  if (open) blocks.push(open);
  blocks.forEach((b, i) => (b.card = i + 1));

  const contacts: RawContact[] = [];
  const failures: { card: number; message: string }[] = [];
  for (const block of blocks) {
    if (!block.complete) {
      failures.push({ card: block.card, message: 'card is incomplete (no END:VCARD: the file may have been cut short): skipped' });
      continue;
    }
    try {
      contacts.push(readCard(block.card, normalise(block.lines), joinName, nonEmpty));
    } catch (error) {
      failures.push({ card: block.card, message: `card could not be read as vCard (${(error as Error).message.replace(/\s+/g, ' ').slice(0, 120)}): skipped` });
    }
  }
  if (!contacts.length) {
    const reason = failures[0]?.message.replace(/: skipped$/, '') ?? 'no cards';
    throw new ImportFormatError(`The file could not be read as vCard: ${reason}.`);
  }
  // Unreadable cards are rows without a contact: reported like a row without a name.
  for (const f of failures)
    contacts.push({
      row: f.card,
      name: null,
      emails: [],
      phones: [],
      linkedinUrl: null,
      organisation: null,
      title: null,
      connectedOn: null,
      problems: [f.message],
      unreadable: true,
    });
  return contacts.sort((a, b) => a.row - b.row);
}

function readCard(
  card: number,
  text: string,
  joinName: (first?: string, last?: string) => string | null,
  nonEmpty: (v: (string | undefined)[]) => string[],
): RawContact {
  const component = new ICAL.Component(ICAL.parse(text) as never);
  if (component.name !== 'vcard') throw new ImportFormatError(`Record ${card} is a ${component.name}, not a vCard.`);
  const textOf = (v: unknown) => (Array.isArray(v) ? v.filter(Boolean).join(' ') : typeof v === 'string' ? v : '').trim();
  const n = component.getFirstPropertyValue('n') as unknown;
  const nameFromN = Array.isArray(n) ? joinName(String(n[1] ?? ''), String(n[0] ?? '')) : null;
  const org = component.getFirstPropertyValue('org') as unknown;
  const urls = component.getAllProperties('url').map((p) => String(p.getFirstValue()));
  return {
    row: card,
    name: textOf(component.getFirstPropertyValue('fn')) || nameFromN || null,
    emails: nonEmpty(component.getAllProperties('email').map((p) => String(p.getFirstValue()))),
    phones: nonEmpty(component.getAllProperties('tel').map((p) => String(p.getFirstValue()).replace(/^tel:/i, ''))),
    linkedinUrl: urls.find((u) => /linkedin\.com\/in\//i.test(u)) ?? null,
    organisation: (Array.isArray(org) ? String(org[0] ?? '') : textOf(org)) || null,
    title: textOf(component.getFirstPropertyValue('title')) || null,
    connectedOn: null,
  };
}

/** Properties whose values are binary or irrelevant to a contact here (and may span many lines in 2.1). */
const DROPPED = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY', 'AGENT']);

/**
 * One card's lines as ical.js reads them. 3.0 and 4.0 cards pass through unchanged. 2.1 cards are rewritten
 * as 3.0: folded and quoted-printable soft-broken lines joined, quoted-printable values decoded (UTF-8 or
 * Latin-1 as CHARSET says), bare parameters (`TEL;CELL;VOICE:`) written as TYPE=CELL,VOICE, binary
 * properties dropped.
 */
function normalise(lines: string[]): string {
  const version = lines
    .find((l) => /^VERSION:/i.test(l))
    ?.split(':')[1]
    ?.trim();
  if (version !== '2.1') return `${lines.join('\r\n')}\r\n`;
  const logical: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const isQp = /;(?:ENCODING=)?QUOTED-PRINTABLE[;:]/i.test(line.split(':')[0] + ':');
    while (isQp && line.endsWith('=') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i];
    if (/^[ \t]/.test(line) && logical.length) logical[logical.length - 1] += line.replace(/^[ \t]/, '');
    else if (line.trim()) logical.push(line);
  }
  const out: string[] = [];
  for (const line of logical) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const [name, ...params] = line.slice(0, colon).split(';');
    let value = line.slice(colon + 1);
    const group = name.includes('.') ? name.slice(0, name.lastIndexOf('.') + 1) : '';
    const bare = name.slice(group.length).toUpperCase();
    if (DROPPED.has(bare)) continue;
    if (bare === 'VERSION') {
      out.push('VERSION:3.0');
      continue;
    }
    const types: string[] = [];
    const kept: string[] = [];
    let qp = false;
    let charset = 'utf-8';
    for (const param of params) {
      const [key, v] = param.includes('=') ? [param.slice(0, param.indexOf('=')).toUpperCase(), param.slice(param.indexOf('=') + 1)] : ['', param];
      if (key === 'ENCODING' || (!key && /^(QUOTED-PRINTABLE|8BIT|7BIT|BASE64|B)$/i.test(v))) {
        qp ||= /^QUOTED-PRINTABLE$/i.test(v);
      } else if (key === 'CHARSET') charset = v.toLowerCase();
      else if (key === 'TYPE' || !key) types.push(...v.split(',').filter(Boolean));
      else kept.push(`${key}=${v}`);
    }
    if (qp) value = decodeQuotedPrintable(value, charset);
    const head = [`${group}${bare}`, ...(types.length ? [`TYPE=${types.join(',')}`] : []), ...kept].join(';');
    out.push(`${head}:${value}`);
  }
  return `${out.join('\r\n')}\r\n`;
}

function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const hex = value.slice(i + 1, i + 3);
    if (value[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(value[i], 'utf8'));
  }
  return Buffer.from(bytes).toString(/^(iso-8859-1|latin1|windows-1252)$/.test(charset) ? 'latin1' : 'utf8');
}
