import { Injectable } from '@nestjs/common';
import { normaliseText, words } from '#libs/common';
import type { TitleCandidate } from './occupation.repository.js';
import { WorkInterpreter, type WorkContext, type WorkInterpretation } from './work/work.interpreter.js';
import { soc2020 } from './work/work.taxonomy.js';

const NOISE = new Set(['and', 'of', 'the', 'in', 'for', 'a', 'an', 'to', 'mfr', 'etc', 'service', 'services', 'other']);
const CACHE_LIMIT = 5000;

export interface RoleForMatching {
  title: string;
  organisation?: string | null;
  sector?: string | null;
}

/** A role's title is coded only when the reading is at least this sure; a guess is worse than no code. */
const ROLE_CONFIDENCE = 0.5;

/**
 * The one interpretation of work text for roles, goals and searches (so `reachToGoalWork` and
 * `introPaths` agree): the in-memory WorkInterpreter over the ONS coding index, built once.
 */
@Injectable()
export class OccupationMatcher {
  private interpreter: WorkInterpreter | null = null;
  private readonly cache = new Map<string, WorkInterpretation>();

  interpret(text: string, context: WorkContext = {}): WorkInterpretation {
    const key = [text, context.organisation ?? '', context.sector ?? ''].map(normaliseText).join('|');
    const known = this.cache.get(key);
    if (known) return known;
    this.interpreter ??= new WorkInterpreter(soc2020());
    const found = this.interpreter.interpret(text, context);
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, found);
    return found;
  }

  /** The unit group of a role or goal, or null when the text is not understood well enough. */
  async match(role: RoleForMatching): Promise<string | null> {
    const best = this.interpret(role.title, { organisation: role.organisation, sector: role.sector }).occupations[0];
    return best && best.confidence >= ROLE_CONFIDENCE ? best.code : null;
  }
}

export function pickByQualifier(candidates: TitleCandidate[], context: string[]): string {
  const codes = unique(candidates.map((c) => c.code));
  if (codes.length === 1) return codes[0];
  const contextWords = new Set(context);
  let best: { code: string; overlap: number } | null = null;
  for (const c of candidates) {
    const qualifierWords = words(`${c.qualifier} ${c.industry}`).filter((w) => !NOISE.has(w));
    const overlap = qualifierWords.filter((w) => contextWords.has(w) || [...contextWords].some((x) => x.length > 4 && w.startsWith(x.slice(0, 5)))).length;
    if (overlap > 0 && (!best || overlap > best.overlap)) best = { code: c.code, overlap };
  }
  if (best) return best.code;
  const plain = candidates.find((c) => !c.qualifier && !c.industry);
  if (plain) return plain.code;
  const counts = new Map<string, number>();
  for (const c of candidates) counts.set(c.code, (counts.get(c.code) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
