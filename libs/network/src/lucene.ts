import { words } from '#libs/common';

const SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/**
 * A forgiving Lucene query for free text typed by a person: every word may match exactly
 * (boosted), as a prefix, or with one typo; all words (AND) or any (OR). Returns null when nothing searchable is left.
 */
export function forgivingQuery(text: string, operator: 'AND' | 'OR' = 'OR'): string | null {
  const terms = words(text)
    .map((w) => w.replace(SPECIAL, ''))
    .filter((w) => w.length > 0)
    .slice(0, 12);
  if (!terms.length) return null;
  return terms.map((w) => (w.length >= 4 ? `(${w}^3 OR ${w}* OR ${w}~1)` : `(${w}^3 OR ${w}*)`)).join(` ${operator} `);
}
