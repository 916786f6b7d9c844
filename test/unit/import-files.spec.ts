import { describe, expect, it } from '@jest/globals';
import { googleName, parseContacts, prepareContacts, readDate } from '#libs/imports';

/** Issue 14 (imports): files as phones and address books really export them. */
const identity = { key: (kind: string, value: string) => `${kind}:${value}` } as never;

describe('vCard', () => {
  it('reads vCard 2.1 (Android): bare parameters, quoted-printable values, several numbers', () => {
    const file = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N:Okoro;Sam;;;',
      'FN:Sam Okoro',
      'TEL;CELL:+44 7700 900123',
      'TEL;HOME;VOICE:01632 960123',
      'EMAIL;HOME:sam@example.org',
      'EMAIL;WORK;PREF:s.okoro@example.org',
      'ORG:Yorkshire Ambulance Service',
      'TITLE:Paramedic',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg;;;',
      'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg M=C3=BCller, Care =',
      'Worker',
      'PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQ',
      ' AAAQABAAD',
      '',
      'END:VCARD',
      '',
    ].join('\r\n');
    const rows = parseContacts(file, 'VCARD');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      row: 1,
      name: 'Sam Okoro',
      phones: ['+44 7700 900123', '01632 960123'],
      emails: ['sam@example.org', 's.okoro@example.org'],
      organisation: 'Yorkshire Ambulance Service',
      title: 'Paramedic',
    });
    expect(rows[1].name).toBe('Jörg Müller, Care Worker');
  });

  it('imports the complete cards of a truncated file and reports the rest', () => {
    const file =
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada One\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bea Two\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Sh';
    const rows = parseContacts(file, 'VCARD');
    const prepared = prepareContacts(rows, identity, 'importer');
    expect(prepared.contacts.map((c) => c.displayName)).toEqual(['Ada One', 'Bea Two']);
    expect(prepared.errors).toEqual([{ row: 3, message: expect.stringContaining('incomplete') }]);
    expect(prepared.skipped).toBe(1);
  });

  it('keeps every email and phone of a card up to 3 each, and reports the extras on the row', () => {
    const emails = ['a@example.org', 'b@example.org', 'c@example.org', 'd@example.org'].map((e) => `EMAIL:${e}`).join('\r\n');
    const rows = parseContacts(
      `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Many Mails\r\n${emails}\r\nTEL:+44 20 7946 1001\r\nTEL:+44 20 7946 1002\r\nEND:VCARD\r\n`,
      'VCARD',
    );
    const { contacts, errors } = prepareContacts(rows, identity, 'importer');
    expect(contacts[0].emails).toEqual(['a@example.org', 'b@example.org', 'c@example.org']);
    expect(contacts[0].phones).toHaveLength(2);
    expect(contacts[0].keys.filter((k) => k.startsWith('email:'))).toHaveLength(3);
    expect(errors).toEqual([{ row: 1, message: expect.stringMatching(/^4 email addresses: kept the first 3/) }]);
  });
});

describe('Google Contacts names', () => {
  it.each([
    [{ Name: 'Okoro, Sam' }, 'Sam Okoro'],
    [{ Name: 'Okoro, Sam', 'Given Name': 'Sam', 'Family Name': 'Okoro' }, 'Sam Okoro'],
    [{ Name: 'Sam Okoro, PhD' }, 'Sam Okoro, PhD'],
    [{ Name: 'Sam Okoro' }, 'Sam Okoro'],
    [{ Name: '', 'First Name': 'Sam', 'Last Name': 'Okoro' }, 'Sam Okoro'],
    [{ Name: 'Acme, Ltd', 'Given Name': 'Sam', 'Family Name': 'Okoro' }, 'Acme, Ltd'],
  ])('%j → %s', (row, name) => {
    expect(googleName(row)).toBe(name);
  });

  it('turns "Last, First" round in a whole file', () => {
    const rows = parseContacts('Name,Given Name,Family Name,E-mail 1 - Value\n"Okoro, Sam",,,sam@example.org\n', 'GOOGLE_CSV');
    expect(rows[0].name).toBe('Sam Okoro');
  });
});

describe('dates in files', () => {
  it('accepts LinkedIn and ISO dates; reports impossible and future ones instead of moving them', () => {
    expect(readDate('04 Mar 2024').date?.toISOString()).toBe('2024-03-04T00:00:00.000Z');
    expect(readDate('2024-03-04').date?.toISOString()).toBe('2024-03-04T00:00:00.000Z');
    expect(readDate('2024-03-04T10:30:00Z').date?.toISOString()).toBe('2024-03-04T10:30:00.000Z');
    expect(readDate('31 Feb 2020')).toEqual({ date: null, problem: '"31 Feb 2020" is not a real date' });
    expect(readDate('2020-02-30').problem).toContain('not a real date');
    expect(readDate('01 Jan 2999').problem).toContain('in the future');
    expect(readDate('yesterday').problem).toContain('not a date');
    expect(readDate('')).toEqual({ date: null, problem: null });
  });

  it('reports a bad "Connected On" as a row problem and still imports the row', () => {
    const csv = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,One,,,,,31 Feb 2020\nBea,Two,,,,,2024-03-04\n';
    const rows = parseContacts(csv, 'LINKEDIN_CSV');
    const { contacts, errors } = prepareContacts(rows, identity, 'importer');
    expect(contacts.map((c) => [c.displayName, c.connectedOn])).toEqual([
      ['Ada One', null],
      ['Bea Two', '2024-03-04T00:00:00.000Z'],
    ]);
    expect(errors).toEqual([{ row: 2, message: 'Connected On "31 Feb 2020" is not a real date: left out' }]);
  });
});
