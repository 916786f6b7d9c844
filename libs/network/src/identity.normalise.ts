import { isEmail } from 'class-validator';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { badInput } from '#libs/common';

/** Lower-cased, trimmed email; throws naming the field when it is not an address. */
export function normaliseEmail(raw: string, field = 'email'): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !isEmail(email)) throw badInput(field, `"${clip(raw)}" is not a valid email address`);
  return email;
}

/** E.164 form (+442079460958); national numbers are read in the default region. */
export function normalisePhone(raw: string, field = 'phone', region: CountryCode = 'GB'): string {
  const parsed = raw.length <= 40 ? parsePhoneNumberFromString(raw.trim(), region) : undefined;
  if (!parsed || !parsed.isValid()) {
    throw badInput(field, `"${clip(raw)}" is not a valid phone number (use international form, e.g. +44 20 7946 0958)`);
  }
  return parsed.number;
}

/**
 * Canonical LinkedIn profile key: "linkedin.com/in/<slug>", ignoring scheme, case,
 * www./country subdomains, trailing slash and query string.
 */
export function canonicalLinkedIn(raw: string, field = 'linkedinUrl'): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw badInput(field, `"${clip(raw)}" is not a LinkedIn profile URL (https://www.linkedin.com/in/…)`);
  }
  const host = url.hostname.toLowerCase();
  const match = /^\/(in|pub)\/([^/]+)\/?/i.exec(url.pathname);
  if (!(host === 'linkedin.com' || host.endsWith('.linkedin.com')) || !match) {
    throw badInput(field, `"${clip(raw)}" is not a LinkedIn profile URL (https://www.linkedin.com/in/…)`);
  }
  let slug: string;
  try {
    slug = decodeURIComponent(match[2]).toLowerCase();
  } catch {
    throw badInput(field, `"${clip(raw)}" is not a LinkedIn profile URL (https://www.linkedin.com/in/…)`);
  }
  if (!slug || slug.length > 100) throw badInput(field, `"${clip(raw)}" is not a LinkedIn profile URL`);
  return `linkedin.com/${match[1].toLowerCase()}/${slug}`;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
