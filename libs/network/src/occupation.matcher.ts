import { Inject, Injectable } from '@nestjs/common';
import { normaliseText, words } from '#libs/common';
import { forgivingQuery } from './lucene.js';
import { OccupationRepository, type TitleCandidate } from './occupation.repository.js';

const NOISE = new Set(['and', 'of', 'the', 'in', 'for', 'a', 'an', 'to', 'mfr', 'etc', 'service', 'services', 'other']);
const CACHE_LIMIT = 5000;
const LOOKUP_CACHE_LIMIT = 20_000;

export interface RoleForMatching {
  title: string;
  organisation?: string | null;
  sector?: string | null;
}

/**
 * Matches a free-text job title to a SOC 2020 unit group using the ONS coding index:
 * an exact index title first, then the most specific index title contained in the text.
 * Where the index gives several codes for one title, the organisation and sector pick
 * between them through the index's qualifiers; otherwise the unqualified entry wins.
 */
@Injectable()
export class OccupationMatcher {
  private readonly cache = new Map<string, string | null>();
  /** The coding index is reference data fixed by migrations: its lookups are kept, so one title with many organisations costs one query. */
  private readonly lookups = new Map<string, Promise<TitleCandidate[]>>();

  constructor(@Inject(OccupationRepository) private readonly occupations: OccupationRepository) {}

  async match(role: RoleForMatching): Promise<string | null> {
    const cacheKey = [role.title, role.organisation ?? '', role.sector ?? ''].map(normaliseText).join('|');
    if (this.cache.has(cacheKey)) return this.cache.get(cacheKey)!;
    const code = await this.resolve(role);
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(cacheKey, code);
    return code;
  }

  private async resolve(role: RoleForMatching): Promise<string | null> {
    const title = role.title.trim();
    if (!title) return null;
    // "Paramedic, ambulance service" / "Nurse (dental practice)": the head is the title, the rest is context.
    const [head, ...rest] = title.split(/\s*[,(;/]\s*|\s+-\s+|\s+at\s+/i);
    const context = words([...rest, role.organisation ?? '', role.sector ?? ''].join(' ')).filter((w) => !NOISE.has(w));

    for (const candidateTitle of unique([normaliseText(title), normaliseText(head)].flatMap((t) => [t, singular(t)]))) {
      if (!candidateTitle) continue;
      const exact = await this.lookup(`=${candidateTitle}`, () => this.occupations.exactTitles(candidateTitle));
      if (exact.length) return pickByQualifier(exact, context);
    }

    const query = forgivingQuery(title);
    if (!query) return null;
    const hits = await this.lookup(`~${query}`, () => this.occupations.fulltextTitles(query));
    const padded = ` ${normaliseText(title)} `;
    // Only index titles that stand in the text as a whole phrase: "HCPC paramedic" -> "Paramedic",
    // but "Chief vibes officer" is not a "Chief officer".
    const contained = hits.filter((h) => h.normTitle && padded.includes(` ${h.normTitle} `));
    if (!contained.length) return null;
    const longest = Math.max(...contained.map((h) => h.normTitle.split(' ').length));
    const best = contained.filter((h) => h.normTitle.split(' ').length === longest);
    const bestTitle = best.sort((a, b) => b.score - a.score)[0].normTitle;
    const all = await this.lookup(`=${bestTitle}`, () => this.occupations.exactTitles(bestTitle));
    return pickByQualifier(all.length ? all : best, context);
  }

  private lookup(key: string, load: () => Promise<TitleCandidate[]>): Promise<TitleCandidate[]> {
    let found = this.lookups.get(key);
    if (!found) {
      if (this.lookups.size >= LOOKUP_CACHE_LIMIT) this.lookups.delete(this.lookups.keys().next().value!);
      found = load();
      found.catch(() => this.lookups.delete(key)); // a failed lookup is not remembered
      this.lookups.set(key, found);
    }
    return found;
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

/** "paramedics" -> "paramedic": the index lists titles in the singular. */
function singular(text: string): string {
  return text.replace(/(\w{3,}?)(?:s)\b/g, (word, stem: string) => (/(ss|us|is)$/.test(word) ? word : stem));
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
