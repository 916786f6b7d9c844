import { normaliseText } from '#libs/common';
import { DOING, EVERYDAY, FILLER, TRAILING_FILLER, WITH_WHOM } from './work.vocabulary.js';

/** Word-level helpers of the work interpreter: pure functions over normalised tokens. */

/** The end of the text as typed that normalises to `norm` ("Yorkshire Ambulance Service", not its normal form). */
export function asTyped(text: string, norm: string): string {
  const words = text.trim().split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const tail = words.slice(i).join(' ');
    if (normaliseText(tail) === norm) return tail;
  }
  return norm;
}

/** "carers" -> "carer", "nurses" -> "nurse": enough for titles, which the index writes in the singular. */
export function singular(word: string): string {
  if (/(?:ss|us|is)$/.test(word) || word.length < 4) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

/** Whether two words of one length differ by one swap of neighbouring letters ("soical", "social"). */
export function swapsOnce(a: string, b: string): boolean {
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
}

/** "with children" -> the work done with them; "drive lorries" -> "lorries driver" (the index stems it to lorry driver). */
export function byWhatIsDone(tokens: string[]): string[] {
  if (tokens[0] === 'with' && tokens.length > 1) return WITH_WHOM[tokens.slice(1).join(' ')]?.split(' ') ?? tokens;
  const doer = DOING[tokens[0]];
  return doer && tokens.length > 1 ? [...tokens.slice(1), doer] : tokens;
}

export function stripFiller(tokens: string[]): string[] {
  let start = 0;
  while (start < tokens.length - 1 && FILLER.has(tokens[start])) start++;
  let end = tokens.length;
  // "youth work" and "care work" are everyday names of work, not "youth" and "care" plus filler.
  while (end - 1 > start && TRAILING_FILLER.has(tokens[end - 1]) && !EVERYDAY[tokens.slice(start, end).join(' ')]) end--;
  return tokens.slice(start, end);
}

/** "X at Y" / "X for Y" / "X with Y" / "X in Y": the work, and what it is done at or in. */
export function splitAtConnector(tokens: string[]): { work: string[]; rest: string[] } | null {
  const at = tokens.findIndex((t, i) => i > 0 && i < tokens.length - 1 && ['at', 'for', 'with', 'in', 'within'].includes(t));
  if (at < 0) return null;
  return { work: tokens.slice(0, at), rest: tokens.slice(at + 1).filter((t) => !['a', 'an', 'the'].includes(t)) };
}
