import { Inject, Injectable } from '@nestjs/common';
import { badInput } from '#libs/common';
import { forgivingQuery } from './lucene.js';
import type { OccupationView } from './network.types.js';
import { OccupationMatcher } from './occupation.matcher.js';
import { OccupationRepository } from './occupation.repository.js';

@Injectable()
export class OccupationService {
  private readonly byCodeCache = new Map<string, OccupationView>();
  constructor(
    @Inject(OccupationRepository) private readonly repo: OccupationRepository,
    @Inject(OccupationMatcher) private readonly matcher: OccupationMatcher,
  ) {}

  async search(query: string, first: number): Promise<OccupationView[]> {
    const text = query.trim();
    if (!text) throw badInput('query', 'must not be empty');
    if (text.length > 200) throw badInput('query', 'must be at most 200 characters');
    if (!Number.isInteger(first) || first < 1 || first > 50) throw badInput('first', 'must be an integer from 1 to 50');
    if (/^\d{4}$/.test(text)) {
      const exact = await this.repo.byCode(text);
      return exact ? [exact] : [];
    }
    // The interpretation first (the readings a member would get in introPaths), then full-text hits.
    const read = this.matcher.interpret(text).occupations;
    const all = forgivingQuery(text, 'AND');
    let found: OccupationView[] = [];
    if (all) {
      found = await this.repo.search(all, first);
      if (!found.length) found = await this.repo.search(forgivingQuery(text, 'OR')!, first);
    }
    const seen = new Set(read.map((o) => o.code));
    return [...read, ...found.filter((o) => !seen.has(o.code))].slice(0, first);
  }

  /**
   * The occupations a free-text description of work most likely means: those whose best
   * full-text score is within 80% of the top one (all words first, any word as a fallback).
   */
  async closest(text: string, max: number): Promise<OccupationView[]> {
    const all = forgivingQuery(text, 'AND');
    if (!all) return [];
    let scored = await this.repo.searchScored(all, max);
    if (!scored.length) scored = await this.repo.searchScored(forgivingQuery(text, 'OR')!, max);
    if (!scored.length) return [];
    const top = scored[0].score;
    return scored.filter((o) => o.score >= top * 0.8).map(({ code, title }) => ({ code, title }));
  }

  /** The taxonomy only changes by migration, so lookups by code are kept once found. */
  async byCode(code: string): Promise<OccupationView | null> {
    const known = this.byCodeCache.get(code);
    if (known) return known;
    const found = await this.repo.byCode(code);
    if (found && this.byCodeCache.size < 1000) this.byCodeCache.set(code, found);
    return found;
  }
}
