/** Plain words for the API's codes: what people see instead of enum names. */
export const CONTEXTS: [string, string][] = [
  ['FRIEND', 'Friend'],
  ['FAMILY', 'Family'],
  ['EX_COLLEAGUE', 'Used to work together'],
  ['COLLEAGUE', 'Work together now'],
  ['NEIGHBOUR', 'Neighbour'],
  ['COMMUNITY', 'Community group'],
  ['EDUCATION', 'School or college'],
  ['PROFESSIONAL', 'Professional contact'],
  ['EVENT', 'Met at an event'],
  ['OTHER', 'Other'],
];
export const contextWords = (c: string) => CONTEXTS.find(([k]) => k === c)?.[1] ?? 'Other';

/** How well the member knows someone (the API's strength, 0..1). */
export const STRENGTHS: [string, string][] = [
  ['0.9', 'Very well'],
  ['0.7', 'Well'],
  ['0.5', 'Quite well'],
  ['0.3', 'A little'],
  ['0.1', 'Hardly at all'],
];
export function strengthWords(s: number): string {
  if (s >= 0.8) return 'Very well';
  if (s >= 0.6) return 'Well';
  if (s >= 0.4) return 'Quite well';
  if (s >= 0.2) return 'A little';
  return 'Hardly at all';
}
export const nearestStrength = (s: number) => STRENGTHS.reduce((best, [v]) => (Math.abs(Number(v) - s) < Math.abs(Number(best) - s) ? v : best), '0.5');

export const STATUS_WORDS: Record<string, [string, 'grey' | 'blue' | 'yellow' | 'red' | undefined]> = {
  REQUESTED: ['Sent', 'blue'],
  ASKING: ['Asking people', 'blue'],
  TARGET_ASKED: ['Waiting for them', 'yellow'],
  INTRODUCED: ['Introduced', undefined],
  MET: ['You met', undefined],
  CLOSED: ['Finished', 'grey'],
  DECLINED: ['Path closed', 'red'],
  EXPIRED: ['No answer in time', 'grey'],
  WITHDRAWN: ['Withdrawn', 'grey'],
};

export const OUTCOMES: [string, string][] = [
  ['ADVICE', 'I got advice'],
  ['REFERRAL', 'They referred me'],
  ['WORK_TRIAL', 'I was offered a work trial'],
  ['JOB_OFFER', 'I was offered a job'],
  ['NEW_CONTACT', 'I made a new contact'],
  ['NONE', 'Nothing came of it'],
];
export const outcomeWords = (o: string) => OUTCOMES.find(([k]) => k === o)?.[1] ?? o;

export const ROLE_WORDS: Record<string, string> = { MEMBER: 'Job seeker', VOLUNTEER: 'Volunteer', COACH: 'Coach', ADMIN: 'Administrator' };

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZone: 'Europe/London',
});
export const dateWords = (iso: string | null | undefined) => (iso ? dateFormat.format(new Date(iso)) : 'not recorded');
export const timeWords = (iso: string | null | undefined) => (iso ? timeFormat.format(new Date(iso)) : 'not recorded');
