import { normaliseText } from '#libs/common';
import { isWorkWord, NOT_EMPLOYER, type RelationshipContext, type WorkRoleView } from '#libs/network';

const CONTACT_NOUN: Record<RelationshipContext, string> = {
  FAMILY: 'family member',
  FRIEND: 'friend',
  EX_COLLEAGUE: 'ex-colleague',
  COLLEAGUE: 'colleague',
  NEIGHBOUR: 'neighbour',
  COMMUNITY: 'community contact',
  EDUCATION: 'classmate',
  EVENT: 'contact from an event',
  PROFESSIONAL: 'professional contact',
  OTHER: 'contact',
};

const HOW_KNOWN: Record<RelationshipContext, string> = {
  FAMILY: ' through family',
  FRIEND: ' as a friend',
  EX_COLLEAGUE: ' from a past job',
  COLLEAGUE: ' from work',
  NEIGHBOUR: ' as a neighbour',
  COMMUNITY: ' through a community group',
  EDUCATION: ' from school or college',
  EVENT: ' from an event',
  PROFESSIONAL: ' professionally',
  OTHER: '',
};

export const contactNoun = (context: RelationshipContext) => CONTACT_NOUN[context] ?? 'contact';
export const howKnown = (context: RelationshipContext) => HOW_KNOWN[context] ?? '';

/**
 * "a paramedic at Yorkshire Ambulance Service", "an HGV driver", "a Software Developer at Sky",
 * "a self-employed plumber", or "someone" without work. Titles keep their own casing, except that a
 * sentence-case title of ordinary job words ("Paramedic") reads in lower case mid-sentence; "Self-employed" is no employer.
 */
export function workPhrase(work: WorkRoleView | null, isVolunteer = false): string {
  if (!work) return isVolunteer ? 'a Backr volunteer' : 'someone';
  const sentenceCase = /^[A-Z][a-z'-]*(?:\s+[^A-Z\s][^\s]*)*$/.test(work.title) && isWorkWord(work.title.split(/\s+/)[0]);
  let title = sentenceCase ? work.title[0].toLowerCase() + work.title.slice(1) : work.title;
  const employer = work.organisation?.trim() ?? '';
  const manner = employer ? NOT_EMPLOYER[normaliseText(employer)] : undefined;
  if (manner) title = `${manner} ${title}`;
  const at = employer && manner === undefined ? ` at ${employer}` : '';
  return `${article(title)} ${title}${at}`;
}

/** "an" before a vowel sound: a word starting with a vowel, or an initialism whose first letter sounds like one (an HGV, an MP). */
function article(phrase: string): string {
  const first = phrase.split(/\s+/)[0];
  if (/^[A-Z]{2,}/.test(first)) return /^[AEFHILMNORSX]/.test(first) ? 'an' : 'a';
  return /^(?:[aeiou]|hour|honest|heir)/i.test(first) && !/^(?:uni|use|usu|eu|one|once)/i.test(first) ? 'an' : 'a';
}

export interface WordingStep {
  name: string | null;
  isVolunteer: boolean;
  work: WorkRoleView | null;
  context: RelationshipContext;
  byVolunteer: boolean;
}

export function stepLabel(step: WordingStep, previousName: string | null): string {
  if (step.name) return `${step.name}, your ${contactNoun(step.context)}`;
  const who = workPhrase(step.work, step.isVolunteer);
  if (previousName) return `${who} known to ${previousName}`;
  // The edge was recorded by one of its two ends; when that is the previous step, say it is a volunteer.
  if (step.byVolunteer && !step.isVolunteer) return `${who} known to a volunteer`;
  return who;
}

/** One plain sentence a job seeker can read, naming only people the viewer already knows. */
export function explain(steps: WordingStep[]): string {
  const [first, ...rest] = steps;
  const opening = first.name ? `Your ${contactNoun(first.context)} ${first.name}` : `Someone you know (${workPhrase(first.work)})`;
  if (!rest.length) {
    return first.name
      ? `${first.name}, your ${contactNoun(first.context)}, is ${workPhrase(first.work)}.`
      : `${capitalise(workPhrase(first.work))} knows you${howKnown(first.context)}.`;
  }
  const links = rest.map((s) => `${s.name ?? workPhrase(s.work, s.isVolunteer)}${howKnown(s.context)}`);
  return `${opening} knows ${links.join(', who knows ')}.`;
}

function capitalise(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}
