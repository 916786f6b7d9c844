import { better, SCORE_EPSILON, topBy, type FoundPath, type FoundPaths } from '#libs/paths';

/** What an answer needs of the graph it came from. */
export interface KeyedGraph {
  keyOf(i: number): string;
  indexOfKey(key: string): number | undefined;
}

/**
 * The index's answer: each reached target's best path as person indexes, copied out of the search's
 * working memory (the next query reuses it). Keys are made only for the paths a caller takes. A
 * person removed after the search has an empty key, and describing the paths leaves theirs out.
 */
export class IndexPaths implements FoundPaths {
  private held: Set<number> | null = null;

  constructor(
    private readonly g: KeyedGraph,
    /** Target of each path. */
    private readonly people: Int32Array,
    private readonly scores: Float64Array,
    private readonly lens: Uint8Array,
    /** Three people per path (the first `lens[i]` count). */
    private readonly nodes: Int32Array,
  ) {}

  get size(): number {
    return this.people.length;
  }

  has(target: string): boolean {
    const i = this.g.indexOfKey(target);
    return i !== undefined && this.holds(i);
  }

  targets(): Iterable<string> {
    return Array.from(this.people, (p) => this.g.keyOf(p));
  }

  top(k: number, except?: FoundPaths): FoundPath[] {
    return topBy(this.eligible(except), k, (i, j) => this.before(i, j)).map((i) => this.path(i));
  }

  countExcept(except: FoundPaths): number {
    let n = 0;
    for (let i = 0; i < this.people.length; i++) if (!this.excepted(i, except)) n++;
    return n;
  }

  private *eligible(except?: FoundPaths): Iterable<number> {
    for (let i = 0; i < this.people.length; i++) if (!except || !this.excepted(i, except)) yield i;
  }

  all(): FoundPath[] {
    return Array.from(this.people, (_, i) => this.path(i));
  }

  private holds(person: number): boolean {
    this.held ??= new Set(this.people);
    return this.held.has(person);
  }

  private excepted(i: number, except: FoundPaths): boolean {
    return except instanceof IndexPaths && except.g === this.g ? except.holds(this.people[i]) : except.has(this.g.keyOf(this.people[i]));
  }

  /** As topPaths orders paths: warmer, then shorter, then by the people's keys (rare: made only on a tie). */
  private before(i: number, j: number): boolean {
    if (Math.abs(this.scores[i] - this.scores[j]) > SCORE_EPSILON) return this.scores[i] > this.scores[j];
    if (this.lens[i] !== this.lens[j]) return this.lens[i] < this.lens[j];
    return better(this.path(i), this.path(j));
  }

  private path(i: number): FoundPath {
    const nodes: string[] = [];
    for (let n = 0; n < this.lens[i]; n++) nodes.push(this.g.keyOf(this.nodes[3 * i + n]));
    return { target: nodes[nodes.length - 1], nodes, score: this.scores[i] };
  }
}
