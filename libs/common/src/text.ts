import { badInput } from './domain-error.js';
/** Lower-case words only: the form titles are compared in (punctuation and extra spaces dropped). */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function words(text: string): string[] {
  const norm = normaliseText(text);
  return norm ? norm.split(' ') : [];
}

/** Trimmed text input: null when blank (or BAD_USER_INPUT naming the field when required), refused past `max` characters. */
export function checkedText(value: string | null | undefined, field: string, max: number, required = false): string | null {
  const trimmed = value?.trim() ?? '';
  if (!trimmed) {
    if (required) throw badInput(field, 'must not be empty');
    return null;
  }
  if (trimmed.length > max) throw badInput(field, `must be at most ${max} characters`);
  return trimmed;
}
