import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '#libs/graph';
import type { WorkInterpretation } from '#libs/network';

export interface LabelledPhrase {
  phrase: string;
  /** Acceptable unit groups; "ORG" means an organisation or sector, not an occupation. */
  acceptable: Set<string>;
  kind: string;
}

export interface EvalResult {
  total: number;
  top1: number;
  top3: number;
  misses: { phrase: string; kind: string; expected: string; got: string; inTop3: boolean }[];
  byKind: Map<string, { total: number; top1: number }>;
}

export function labelledPhrases(file = join(repoRoot(), 'test', 'fixtures', 'work-matching', 'phrases.tsv')): LabelledPhrase[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [phrase, codes, kind] = line.split('\t');
      return { phrase, acceptable: new Set(codes.split(' ')), kind: kind ?? 'title' };
    });
}

/** Top-1 and top-3 accuracy of an interpreter over the labelled phrases. */
export function evaluate(phrases: LabelledPhrase[], interpret: (text: string) => WorkInterpretation): EvalResult {
  const result: EvalResult = { total: phrases.length, top1: 0, top3: 0, misses: [], byKind: new Map() };
  for (const p of phrases) {
    const reading = interpret(p.phrase);
    const codes = reading.occupations.map((o) => o.code);
    const asOrganisation = p.acceptable.has('ORG') && reading.organisation !== null && codes.length === 0;
    const first = asOrganisation || (codes.length > 0 && p.acceptable.has(codes[0]));
    const three = asOrganisation || codes.slice(0, 3).some((c) => p.acceptable.has(c));
    if (first) result.top1++;
    if (three) result.top3++;
    const kind = result.byKind.get(p.kind) ?? { total: 0, top1: 0 };
    kind.total++;
    if (first) kind.top1++;
    result.byKind.set(p.kind, kind);
    if (!first) {
      const got =
        reading.organisation && !codes.length
          ? `organisation: ${reading.organisation.label}`
          : reading.occupations
              .slice(0, 3)
              .map((o) => `${o.code} ${o.title}`)
              .join('; ') || 'nothing';
      result.misses.push({ phrase: p.phrase, kind: p.kind, expected: [...p.acceptable].join(' '), got, inTop3: three });
    }
  }
  return result;
}

export const percent = (n: number, total: number) => `${((100 * n) / total).toFixed(1)}%`;
