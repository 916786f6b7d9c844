import { describe, expect, it } from '@jest/globals';
import { DomainError } from '#libs/common';
import { canonicalLinkedIn, normaliseEmail, normalisePhone } from '#libs/network';

describe('normaliseEmail', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Sam.Okoro@Example.ORG ')).toBe('sam.okoro@example.org');
  });
  it.each(['', 'sam', 'sam@', '@example.org', 'sam@@example.org', 'sam example@x.org'])('refuses %j, naming the field', (raw) => {
    expect(() => normaliseEmail(raw, 'input.email')).toThrow(DomainError);
    expect(() => normaliseEmail(raw, 'input.email')).toThrow(/^input\.email: /);
  });
});

describe('normalisePhone', () => {
  it('reads national numbers in the UK and returns E.164', () => {
    expect(normalisePhone('020 7946 0958')).toBe('+442079460958');
    expect(normalisePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalisePhone('+1 202 555 0143')).toBe('+12025550143');
  });
  it.each(['12', 'phone me', '+44 1', '9'.repeat(41)])('refuses %j', (raw) => {
    expect(() => normalisePhone(raw, 'input.phone')).toThrow(/^input\.phone: /);
  });
});

describe('canonicalLinkedIn', () => {
  it.each([
    'https://www.linkedin.com/in/Priya-Shah/',
    'http://linkedin.com/in/priya-shah',
    'linkedin.com/in/priya-shah?trk=public_profile',
    'https://uk.linkedin.com/in/PRIYA-SHAH#about',
  ])('ignores scheme, case, subdomain, trailing slash and query: %s', (raw) => {
    expect(canonicalLinkedIn(raw)).toBe('linkedin.com/in/priya-shah');
  });
  it.each(['https://example.com/in/priya', 'https://www.linkedin.com/company/acme', 'not a url at all', 'https://linkedin.com/in/'])('refuses %s', (raw) => {
    expect(() => canonicalLinkedIn(raw, 'input.linkedinUrl')).toThrow(/^input\.linkedinUrl: /);
  });
});
