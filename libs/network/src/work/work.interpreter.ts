import { distance } from 'fastest-levenshtein';
import { stemmer } from 'stemmer';
import { normaliseText } from '#libs/common';
import { asOrganisation, type OrganisationReading } from './work.organisations.js';
import type { IndexEntry, TaxonomyData, UnitGroup } from './work.taxonomy.js';
import { asTyped, byWhatIsDone, singular, splitAtConnector, stripFiller, swapsOnce } from './work.tokens.js';
import { ABBREVIATIONS, EVERYDAY, FILLER, GENERIC_TAILS, MODIFIERS, SETTINGS, TRAILING_FILLER, VARIANTS } from './work.vocabulary.js';

export interface WorkReading {
  code: string;
  title: string;
  /** 0..1, two decimals: how sure the reading is. */
  confidence: number;
}

export interface WorkInterpretation {
  /** The work phrase searched for, after phrasing, abbreviations and spelling were dealt with. */
  searchedFor: string | null;
  /** Unit groups, best first. */
  occupations: WorkReading[];
  /** Unit groups in the same SOC minor group as the best reading: closely related work. */
  related: WorkReading[];
  organisation: OrganisationReading | null;
  corrections: { from: string; to: string }[];
}

export interface WorkContext {
  organisation?: string | null;
  sector?: string | null;
}

/** Words that carry no meaning for matching (the index's own "mfr" and "n.e.c." included). */
const NOISE = new Set(['and', 'of', 'the', 'a', 'an', 'for', 'to', 'in', 'mfr', 'etc', 'n', 'e', 'c', 'nec', 's']);
const MAX_READINGS = 5;
const MAX_TOKENS = 14;

interface Candidate {
  code: string;
  score: number;
}

/**
 * Free text about work -> ranked SOC 2020 unit groups. The steps, in order (README "Work matching"):
 * phrasing is stripped, organisations are set aside as context, everyday phrases, abbreviations and
 * spelling are mapped onto the coding index's vocabulary, then the longest index title that ends at the
 * phrase's head noun decides, and bag-of-words similarity over the index offers the alternatives.
 */
export class WorkInterpreter {
  private readonly byKey = new Map<string, IndexEntry[]>();
  private readonly vocabulary = new Map<string, number>();
  /** How often a word ends an index title: the head nouns of job titles. */
  private readonly heads = new Map<string, number>();
  private readonly vocabByLength = new Map<number, string[]>();
  private readonly postings = new Map<string, Set<string>>();
  private readonly keyStems = new Map<string, string[]>();
  private readonly idf = new Map<string, number>();
  /** Words of each unit group's title, singular: "Chartered and certified accountants" names accountants. */
  private readonly groupHeads = new Map<string, Set<string>>();
  private readonly byMinor = new Map<string, UnitGroup[]>();

  constructor(private readonly data: TaxonomyData) {
    for (const g of data.unitGroups.values()) {
      this.groupHeads.set(g.code, new Set(normaliseText(g.title).split(' ').map(singular)));
      this.byMinor.set(g.minorGroup, [...(this.byMinor.get(g.minorGroup) ?? []), g]);
    }
    for (const e of data.entries) this.add(e);
    for (const g of data.unitGroups.values()) {
      this.add({ title: g.title, norm: normaliseText(g.title), code: g.code, qualifier: '', industry: '' });
    }
    for (const phrase of [...Object.values(EVERYDAY), ...Object.values(SETTINGS), ...Object.values(ABBREVIATIONS)]) {
      for (const w of phrase.split(' ')) this.vocabulary.set(w, (this.vocabulary.get(w) ?? 0) + 1);
    }
    for (const w of this.vocabulary.keys()) {
      if (!this.vocabByLength.has(w.length)) this.vocabByLength.set(w.length, []);
      this.vocabByLength.get(w.length)!.push(w);
    }
    const keys = this.byKey.size;
    for (const [stem, set] of this.postings) this.idf.set(stem, Math.log(1 + keys / set.size));
  }

  unitGroup(code: string): UnitGroup | null {
    return this.data.unitGroups.get(code) ?? null;
  }

  interpret(text: string, context: WorkContext = {}): WorkInterpretation {
    const raw = text.trim().slice(0, 200);
    const corrections: WorkInterpretation['corrections'] = [];
    const empty = (organisation: OrganisationReading | null = null): WorkInterpretation => ({
      searchedFor: null,
      occupations: [],
      related: [],
      organisation,
      corrections,
    });
    // "Paramedic, ambulance service" / "Nurse (dental practice)": the head is the title, the rest is context.
    const [title, ...about] = raw.split(/\s*[,(;]\s*|\s+-\s+/);
    let tokens = this.tokens(title);
    if (!tokens.length) return empty();
    const contextWords = [context.organisation ?? '', context.sector ?? '', ...about].flatMap((t) => this.tokens(t));
    let organisation = context.organisation ? asOrganisation(context.organisation) : null;
    contextWords.push(...(organisation?.context ?? []));

    // An index title as typed wins over every rewrite ("officer in charge", "it technician").
    if (!this.lookup(tokens).length) {
      tokens = stripFiller(tokens);
      if (!this.lookup(tokens).length) tokens = byWhatIsDone(tokens);
      // "nurse at Leeds General Infirmary", "care assistant in a nursing home": the rest is context.
      const split = splitAtConnector(tokens);
      if (split && !this.lookup(tokens).length) {
        tokens = split.work;
        const about = split.rest.join(' ');
        const place = SETTINGS[about.replace(/^(?:a|an|the)\s+/, '')];
        const found = asOrganisation(about);
        if (found && !organisation) organisation = found;
        contextWords.push(...split.rest, ...(found?.context ?? []), ...(place ? place.split(' ') : []));
      }
      const whole = tokens.join(' ');
      const bare = whole.replace(/^(?:a|an|the)\s+/, '');
      if (SETTINGS[bare] && !EVERYDAY[bare]) {
        contextWords.push(...bare.split(' '));
        tokens = SETTINGS[bare].split(' ');
      } else if (!EVERYDAY[whole] && !this.lookup(tokens).length) {
        const named = asOrganisation(asTyped(title, bare));
        if (named) return empty(named);
      }
    }
    if (!tokens.length) return empty(organisation);

    tokens = this.rewrite(tokens, raw, corrections);
    if (!tokens.length) return empty(organisation);
    const ranked = this.rank(tokens, new Set(this.stems(contextWords.join(' '))));
    const penalty = Math.pow(0.85, corrections.length);
    const occupations = ranked.slice(0, MAX_READINGS).map((c) => this.reading(c.code, c.score * penalty));
    return { searchedFor: tokens.join(' '), occupations, related: this.related(occupations), organisation, corrections };
  }

  /** The other unit groups of the best reading's minor group (some may also be alternatives). */
  private related(occupations: WorkReading[]): WorkReading[] {
    const best = occupations[0];
    if (!best) return [];
    const group = this.data.unitGroups.get(best.code)!;
    return (this.byMinor.get(group.minorGroup) ?? []).filter((g) => g.code !== best.code).map((g) => this.reading(g.code, best.confidence * 0.5));
  }

  private reading(code: string, confidence: number): WorkReading {
    return { code, title: this.data.unitGroups.get(code)!.title, confidence: Math.round(Math.min(1, confidence) * 100) / 100 };
  }

  /** Everyday phrases, abbreviations and spelling, each mapped onto the index's own words. */
  private rewrite(tokens: string[], raw: string, corrections: WorkInterpretation['corrections']): string[] {
    let out = tokens;
    const phrase = EVERYDAY[out.join(' ')];
    if (phrase) return phrase.split(' ');
    if (this.lookup(out).length) return out;
    // "it" is a pronoun unless typed as "IT" or standing alone.
    const saysIt = /\bI\.?T\b/.test(raw) || out.length === 1;
    out = out.flatMap((t) => (t === 'it' && !saysIt ? [] : ABBREVIATIONS[t] && (t !== 'it' || saysIt) ? ABBREVIATIONS[t].split(' ') : [t]));
    const expanded = EVERYDAY[out.join(' ')];
    if (expanded) return expanded.split(' ');
    out = out.map((t, i) => {
      const fixed = this.spell(t, i === out.length - 1);
      if (fixed !== t) corrections.push({ from: t, to: fixed });
      return fixed;
    });
    return EVERYDAY[out.join(' ')]?.split(' ') ?? out;
  }

  /** The nearest index word for a word the index lacks: one edit for short words, two for long ones. */
  private spell(word: string, last: boolean): string {
    if (this.vocabulary.has(word) || word.length < 4 || /\d/.test(word) || FILLER.has(word) || NOISE.has(word)) return word;
    const budget = word.length >= 6 ? 2 : 1;
    let best: { w: string; d: number; f: number } | null = null;
    for (let len = word.length - budget; len <= word.length + budget; len++) {
      for (const w of this.vocabByLength.get(len) ?? []) {
        let d = distance(word, w);
        if (d === 2 && len === word.length && swapsOnce(word, w)) d = 1;
        if (d > budget) continue;
        // Ties go to the word that ends job titles when it ends the phrase ("electrican" -> electrician, not electrical).
        const f = (w[0] === word[0] ? 1e6 : 0) + (last ? 100 * (this.heads.get(w) ?? 0) : 0) + this.vocabulary.get(w)!;
        if (!best || d < best.d || (d === best.d && f > best.f)) best = { w, d, f };
      }
    }
    return best?.w ?? word;
  }

  /** Ranked codes for clean tokens, with context stems to meet qualifiers. */
  private rank(tokens: string[], context: Set<string>): Candidate[] {
    const scores = new Map<string, number>();
    const offer = (candidates: Candidate[], weight: number) => {
      for (const c of candidates) scores.set(c.code, Math.max(scores.get(c.code) ?? 0, c.score * weight));
    };
    const exact = this.lookup(tokens);
    if (exact.length) {
      offer(this.codesOf(exact, tokens, context), 0.95);
    } else {
      const head = this.headReading(tokens, context);
      if (head) offer(head.candidates, head.weight);
    }
    offer(this.similar(tokens, context), 0.45);
    return [...scores.entries()].map(([code, score]) => ({ code, score })).sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
  }

  /**
   * Without an exact title: strip modifiers and generic tails, then take the longest index title that
   * ends at the head noun ("paramedic team leader" -> "paramedic"), else the longest anywhere.
   */
  private headReading(tokens: string[], context: Set<string>): { candidates: Candidate[]; weight: number } | null {
    let start = 0;
    while (start < tokens.length - 1 && MODIFIERS.has(tokens[start])) start++;
    const unmodified = tokens.slice(start);
    if (start > 0 && this.lookupPhrase(unmodified).length) {
      const phrase = EVERYDAY[unmodified.join(' ')]?.split(' ') ?? unmodified;
      return { candidates: this.codesOf(this.lookup(phrase), phrase, context), weight: 0.85 };
    }
    let end = tokens.length;
    while (end > 0 && TRAILING_FILLER.has(tokens[end - 1]) && end - 1 > start) end--;
    const core = tokens.slice(start, end);
    if (core.length && core.length < tokens.length && this.lookup(core).length) {
      return { candidates: this.codesOf(this.lookup(core), core, context), weight: 0.85 };
    }
    let headEnd = core.length;
    for (const tail of GENERIC_TAILS) {
      const at = headEnd - tail.length;
      if (at > 0 && tail.every((w, i) => core[at + i] === w)) {
        headEnd = at;
        break;
      }
    }
    let best: { from: number; to: number } | null = null;
    let bestAnywhere: { from: number; to: number } | null = null;
    for (let from = 0; from < core.length; from++) {
      for (let to = from + 1; to <= core.length; to++) {
        if (!this.lookupPhrase(core.slice(from, to)).length) continue;
        const length = to - from;
        if (to === headEnd && (!best || length > best.to - best.from)) best = { from, to };
        if (!bestAnywhere || length > bestAnywhere.to - bestAnywhere.from) bestAnywhere = { from, to };
      }
    }
    const chosen = best ?? bestAnywhere;
    if (!chosen) return null;
    const part = core.slice(chosen.from, chosen.to);
    const phrase = EVERYDAY[part.join(' ')]?.split(' ') ?? part;
    const leftover = [...core.slice(0, chosen.from), ...core.slice(chosen.to)];
    for (const s of this.stems(leftover.join(' '))) context.add(s);
    // Words the title leaves over (other than a generic tail) are words not understood.
    const coverage = part.length / Math.max(part.length, headEnd);
    const weight = best ? (coverage >= 0.5 ? 0.6 : 0.45) + 0.3 * coverage : 0.4 + 0.3 * coverage;
    return { candidates: this.codesOf(this.lookup(phrase), phrase, context), weight };
  }

  /**
   * One index title, several codes (by qualifier): the one whose qualifiers meet the context, then the
   * one whose unit-group title names the job itself, then the unqualified entry, then the most entries.
   */
  private codesOf(entries: IndexEntry[], tokens: string[], context: Set<string>): Candidate[] {
    const head = singular(tokens[tokens.length - 1]);
    const byCode = new Map<string, number>();
    const counts = new Map<string, number>();
    for (const e of entries) counts.set(e.code, (counts.get(e.code) ?? 0) + 1);
    for (const e of entries) {
      const qualifier = this.stems(`${e.qualifier} ${e.industry}`).filter((s) => !GENERIC_QUALIFIER.has(s));
      const meets = qualifier.filter((s) => context.has(s)).length;
      let score = 1;
      // A qualifier the context meets in full decides; one met in part ("retail pharmacy" for "retail") only leans.
      if (meets && meets === qualifier.length) score += 2 + 0.2 * meets;
      else if (meets) score += 0.2 * (meets / qualifier.length);
      else if (e.industry || (e.qualifier && !LEVEL_QUALIFIER.test(e.qualifier))) score -= 0.3;
      if (this.groupHeads.get(e.code)?.has(head)) score += 0.6;
      if (!e.qualifier && !e.industry) score += 0.3;
      score += 0.03 * Math.min(counts.get(e.code)!, 5);
      byCode.set(e.code, Math.max(byCode.get(e.code) ?? 0, score));
    }
    const sorted = [...byCode.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const top = sorted[0][1];
    const second = sorted[1]?.[1] ?? 0;
    const share = top / (top + 0.5 * second);
    return sorted.map(([code, s], i) => ({ code, score: i === 0 ? 0.55 + 0.45 * share : 0.7 * (s / top) * share }));
  }

  /** Bag-of-words similarity over index titles (IDF-weighted; a word as typed counts more than its stem), best title per code. */
  private similar(tokens: string[], context: Set<string>): Candidate[] {
    const words = [...new Set(this.key(tokens).split(' ').filter(Boolean))];
    const query = words.map((w) => ({ word: w, stem: stemmer(w) }));
    const total = query.reduce((sum, q) => sum + (this.idf.get(q.stem) ?? 0), 0);
    if (!total) return [];
    const keys = new Set<string>();
    for (const q of query) for (const k of this.postings.get(q.stem) ?? []) keys.add(k);
    const best = new Map<string, number>();
    for (const key of keys) {
      const keyWords = key.split(' ');
      const keyStems = this.keyStems.get(key)!;
      let shared = 0;
      for (const q of query) {
        if (keyWords.includes(q.word)) shared += this.idf.get(q.stem) ?? 0;
        else if (keyStems.includes(q.stem)) shared += 0.7 * (this.idf.get(q.stem) ?? 0);
      }
      const stems = new Set(query.map((q) => q.stem));
      const extra = keyStems.filter((s) => !stems.has(s)).reduce((sum, s) => sum + (this.idf.get(s) ?? 0), 0);
      const score = shared / (total + 0.5 * extra);
      if (score < 0.3) continue;
      for (const c of this.codesOf(this.byKey.get(key)!, keyWords, context)) {
        const value = score * c.score;
        if (value > (best.get(c.code) ?? 0)) best.set(c.code, value);
      }
    }
    return [...best.entries()].map(([code, score]) => ({ code, score }));
  }

  private add(e: IndexEntry): void {
    const key = this.key(e.norm.split(' '));
    if (!key) return;
    if (!this.byKey.has(key)) this.byKey.set(key, []);
    this.byKey.get(key)!.push(e);
    const words = e.norm.split(' ').filter(Boolean);
    for (const w of words) this.vocabulary.set(w, (this.vocabulary.get(w) ?? 0) + 1);
    if (words.length) this.heads.set(words[words.length - 1], (this.heads.get(words[words.length - 1]) ?? 0) + 1);
    if (!this.keyStems.has(key))
      this.keyStems.set(
        key,
        key.split(' ').map((w) => stemmer(w)),
      );
    for (const s of this.keyStems.get(key)!) {
      if (!this.postings.has(s)) this.postings.set(s, new Set());
      this.postings.get(s)!.add(key);
    }
  }

  private lookupPhrase(tokens: string[]): IndexEntry[] {
    const everyday = EVERYDAY[tokens.join(' ')];
    return this.lookup(everyday ? everyday.split(' ') : tokens);
  }

  private lookup(tokens: string[]): IndexEntry[] {
    return this.byKey.get(this.key(tokens)) ?? [];
  }

  /**
   * Titles are looked up by their words in the singular, not by Porter stems: stems would make an
   * "administrator" one with "administration" (a sales administrator's index line).
   */
  private key(tokens: string[]): string {
    return tokens
      .flatMap((t) => (VARIANTS[t] ?? t).split(' '))
      .filter((t) => t && !NOISE.has(t))
      .map(singular)
      .join(' ');
  }

  /** Canonical stems: index spelling variants, no noise words, Porter stems. */
  private stems(norm: string): string[] {
    return this.tokens(norm)
      .flatMap((t) => (VARIANTS[t] ?? t).split(' '))
      .filter((t) => t && !NOISE.has(t))
      .map((t) => stemmer(t));
  }

  private tokens(text: string): string[] {
    const norm = normaliseText(text);
    return norm ? norm.split(' ').slice(0, MAX_TOKENS) : [];
  }
}

/** Qualifiers that say a level of the same work ("Accountant, qualified"), not a specialism. */
const LEVEL_QUALIFIER = /^(?:qualified|professional|chartered|registered|senior|higher|graduate|certified)\b/i;

/** Qualifier words too general to tell codes apart. */
const GENERIC_QUALIFIER = new Set(['servic', 'trade', 'mfr', 'industri', 'work', 'other']);
