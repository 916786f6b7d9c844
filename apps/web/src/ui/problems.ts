import { CombinedGraphQLErrors, ServerError } from '@apollo/client';

/** What went wrong, by form field (its key) and for the page as a whole. */
export interface Problems {
  fields: Record<string, string>;
  general: string[];
}

export const noProblems: Problems = { fields: {}, general: [] };
export const hasProblems = (p: Problems) => Object.keys(p.fields).length > 0 || p.general.length > 0;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Turns an API error into messages people can act on. A BAD_USER_INPUT error names its field in
 * extensions.field ("input.strength"); when the form has that field, the message goes next to it,
 * worded with the field's label ("How well you know them must be…"). Anything else is general.
 */
export function problemsFrom(error: unknown, labels: Record<string, string> = {}): Problems {
  const result: Problems = { fields: {}, general: [] };
  if (CombinedGraphQLErrors.is(error)) {
    for (const e of error.errors) {
      const field = typeof e.extensions?.['field'] === 'string' ? e.extensions['field'] : null;
      const key = field?.replace(/^(input|goals)\./, '').replace(/^goals\[\d+\]\./, '') ?? null;
      const reason = field && e.message.startsWith(`${field}: `) ? e.message.slice(field.length + 2) : e.message;
      if (key && labels[key] && !result.fields[key] && e.extensions?.['code'] === 'NOT_FOUND')
        result.fields[key] = `We could not find anything that matches ${labels[key].toLowerCase()}. Check it and try again`;
      else if (key && labels[key] && !result.fields[key])
        result.fields[key] = /^(must|is|are|at|should|can|cannot|may|has|needs?)\b/.test(reason) ? `${labels[key]} ${reason}` : capitalise(reason);
      else result.general.push(capitalise(plain(reason, e.extensions?.['code'])));
    }
  } else if (ServerError.is(error) || error instanceof TypeError) {
    result.general.push('The service could not be reached. Check your connection and try again.');
  } else if (error) {
    result.general.push('Something went wrong. Try again.');
  }
  return result;
}

function plain(reason: string, code: unknown): string {
  if (code === 'FORBIDDEN') return 'You cannot do this with your account';
  if (code === 'NOT_FOUND') return 'We could not find this. It may have been removed';
  if (code === 'RATE_LIMITED' || code === 'TOO_MANY_REQUESTS') return reason;
  if (code === 'INTERNAL_SERVER_ERROR') return 'Something went wrong on our side. Try again later';
  return reason;
}

/** Client-side checks before sending: required fields. */
export function required(values: Record<string, string>, labels: Record<string, string>, keys: string[]): Problems {
  const fields: Record<string, string> = {};
  for (const k of keys) if (!values[k]?.trim()) fields[k] = `Enter ${labels[k].charAt(0).toLowerCase()}${labels[k].slice(1)}`;
  return { fields, general: [] };
}
