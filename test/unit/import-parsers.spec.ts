import { describe, expect, it } from '@jest/globals';
import { ImportFormatError, linkedInDate, parseContacts, sniff } from '#libs/imports';

describe('contact file parsers', () => {
  it('reads LinkedIn dates and refuses what is not one', () => {
    expect(linkedInDate('04 Mar 2024')?.toISOString()).toBe('2024-03-04T00:00:00.000Z');
    expect(linkedInDate('4 Dec 2019')?.toISOString()).toBe('2019-12-04T00:00:00.000Z');
    expect(linkedInDate('2024-03-04')?.toISOString()).toBe('2024-03-04T00:00:00.000Z');
    expect(linkedInDate('31 Foo 2024')).toBeNull();
    expect(linkedInDate('01 Jan 2999')).toBeNull();
  });

  it('finds the LinkedIn header after the notes and keeps quoted commas', () => {
    const rows = parseContacts(
      'Notes:\n"Some, notes"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nA,B,https://www.linkedin.com/in/ab,,"Acme, Ltd","Nurse, Theatre",01 Jan 2024\n',
      'LINKEDIN_CSV',
    );
    expect(rows).toEqual([
      {
        row: 5,
        name: 'A B',
        emails: [],
        phones: [],
        linkedinUrl: 'https://www.linkedin.com/in/ab',
        organisation: 'Acme, Ltd',
        title: 'Nurse, Theatre',
        connectedOn: new Date('2024-01-01T00:00:00Z'),
      },
    ]);
  });

  it('names a vCard by FN, else by N, else not at all', () => {
    const rows = parseContacts(
      'BEGIN:VCARD\r\nVERSION:4.0\r\nN:Doe;Jane;;;\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:x@example.org\r\nEND:VCARD\r\n',
      'VCARD',
    );
    expect(rows.map((r) => r.name)).toEqual(['Jane Doe', null]);
  });

  it('refuses files that are not the declared format, and says why', () => {
    expect(sniff('hello', 'VCARD')).toContain('not a vCard file');
    expect(sniff('a\u0000b', 'LINKEDIN_CSV')).toContain('binary');
    expect(sniff('Name,Phone\nA,1', 'GOOGLE_CSV')).toContain('not a Google Contacts CSV');
    expect(() => parseContacts('BEGIN:VCARD\r\nFN:x\r\n', 'VCARD')).toThrow(ImportFormatError);
    expect(() => parseContacts('BEGIN:VCARD\r\nthis is not a property\r\nEND:VCARD\r\n', 'VCARD')).toThrow('could not be read as vCard');
    expect(() => parseContacts('BEGIN:VCALENDAR\r\nBEGIN:VCARD\r\nEND:VCARD\r\nEND:VCALENDAR\r\n', 'VCARD')).toThrow('not a vCard');
  });
});
