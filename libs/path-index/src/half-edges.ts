/** One end's view of a relationship: the other person, strength, last contact (NaN: unknown) and flags. */
export interface EdgeView {
  nbr: number;
  str: number;
  last: number;
  /** 1: recorded by the list's owner, 2: by the neighbour, 4: lent, 8: the owner is the relationship's start node. */
  fl: number;
  /** The relationship's context, as a code into the graph's table of contexts. */
  ctx: number;
}

/** A person's half-edges: positions from..to of the four parallel arrays. */
export interface EdgeSlice {
  nbr: ArrayLike<number>;
  str: ArrayLike<number>;
  last: ArrayLike<number>;
  fl: ArrayLike<number>;
  ctx: ArrayLike<number>;
  from: number;
  to: number;
}

interface Patched {
  nbr: number[];
  str: number[];
  last: number[];
  fl: number[];
  ctx: number[];
}

/** Relationships handled between two turns of the event loop while loading (a power of two, less one). */
const YIELD_EVERY = (1 << 20) - 1;
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A half-edge's last contact as the search and the rows take it (held as NaN when unknown). */
export function lastOf(ms: number): number | null {
  return Number.isNaN(ms) ? null : ms;
}

const EMPTY: EdgeSlice = { nbr: [], str: [], last: [], fl: [], ctx: [], from: 0, to: 0 };

/**
 * Every relationship twice (once from each end), in compressed rows: 22 bytes per half-edge, so
 * 44 per relationship. People changed since the last compaction live in a small patch map that
 * shadows their row; when it grows past a tenth of the people the rows are rebuilt in memory.
 */
export class HalfEdges {
  private offsets = new Int32Array(1);
  private nbr = new Int32Array(0);
  private str = new Float64Array(0);
  private last = new Float64Array(0);
  private fl = new Uint8Array(0);
  private ctx = new Uint8Array(0);
  private readonly patched = new Map<number, Patched>();

  /**
   * Build: all relationships at once (a and b are person indexes; flags from a's side). It lets other
   * work in between every few million relationships: at L the whole load takes seconds, and the API
   * answers from Neo4j meanwhile.
   */
  async load(
    people: number,
    a: Int32Array,
    b: Int32Array,
    str: Float64Array,
    last: Float64Array,
    fl: Uint8Array,
    ctx: Uint8Array,
    count: number,
  ): Promise<void> {
    const degree = new Int32Array(people + 1);
    for (let e = 0; e < count; e++) {
      if ((e & YIELD_EVERY) === YIELD_EVERY) await yieldToOthers();
      if (a[e] === b[e]) continue;
      degree[a[e]]++;
      degree[b[e]]++;
    }
    const offsets = new Int32Array(people + 1);
    for (let i = 0; i < people; i++) offsets[i + 1] = offsets[i] + degree[i];
    const total = offsets[people];
    const nbr = new Int32Array(total);
    const s = new Float64Array(total);
    const l = new Float64Array(total);
    const f = new Uint8Array(total);
    const c = new Uint8Array(total);
    const fill = offsets.slice(0, people);
    for (let e = 0; e < count; e++) {
      if ((e & YIELD_EVERY) === YIELD_EVERY) await yieldToOthers();
      const x = a[e];
      const y = b[e];
      if (x === y) continue;
      let at = fill[x]++;
      nbr[at] = y;
      s[at] = str[e];
      l[at] = last[e];
      f[at] = fl[e];
      c[at] = ctx[e];
      at = fill[y]++;
      nbr[at] = x;
      s[at] = str[e];
      l[at] = last[e];
      f[at] = mirror(fl[e]);
      c[at] = ctx[e];
    }
    this.offsets = offsets;
    this.nbr = nbr;
    this.str = s;
    this.last = l;
    this.fl = f;
    this.ctx = c;
    this.patched.clear();
  }

  view(p: number): EdgeSlice {
    const patch = this.patched.get(p);
    if (patch) return { nbr: patch.nbr, str: patch.str, last: patch.last, fl: patch.fl, ctx: patch.ctx, from: 0, to: patch.nbr.length };
    if (p + 1 >= this.offsets.length) return EMPTY;
    return { nbr: this.nbr, str: this.str, last: this.last, fl: this.fl, ctx: this.ctx, from: this.offsets[p], to: this.offsets[p + 1] };
  }

  degree(p: number): number {
    const patch = this.patched.get(p);
    if (patch) return patch.nbr.length;
    return p + 1 < this.offsets.length ? this.offsets[p + 1] - this.offsets[p] : 0;
  }

  /**
   * Replaces p's relationships, and mirrors the change into the rows of the neighbours whose
   * relationships with p changed (one edited relationship of a member with thousands touches one row).
   */
  replace(p: number, list: EdgeView[]): void {
    const old = this.view(p);
    const before = new Map<number, EdgeView[]>();
    for (let at = old.from; at < old.to; at++) group(before, { nbr: old.nbr[at], str: old.str[at], last: old.last[at], fl: old.fl[at], ctx: old.ctx[at] });
    const after = new Map<number, EdgeView[]>();
    for (const e of list) group(after, e);
    this.patched.set(p, {
      nbr: list.map((e) => e.nbr),
      str: list.map((e) => e.str),
      last: list.map((e) => e.last),
      fl: list.map((e) => e.fl),
      ctx: list.map((e) => e.ctx),
    });
    for (const q of new Set([...before.keys(), ...after.keys()])) {
      if (q === p || same(before.get(q), after.get(q))) continue;
      const mine = this.editable(q);
      const keep: number[] = [];
      for (let at = 0; at < mine.nbr.length; at++) if (mine.nbr[at] !== p) keep.push(at);
      const next: Patched = {
        nbr: keep.map((at) => mine.nbr[at]),
        str: keep.map((at) => mine.str[at]),
        last: keep.map((at) => mine.last[at]),
        fl: keep.map((at) => mine.fl[at]),
        ctx: keep.map((at) => mine.ctx[at]),
      };
      for (const e of after.get(q) ?? []) {
        next.nbr.push(p);
        next.str.push(e.str);
        next.last.push(e.last);
        next.fl.push(mirror(e.fl));
        next.ctx.push(e.ctx);
      }
      this.patched.set(q, next);
    }
  }

  private editable(p: number): Patched {
    const found = this.patched.get(p);
    if (found) return found;
    const v = this.view(p);
    const copy = (a: ArrayLike<number>) => Array.prototype.slice.call(a, v.from, v.to) as number[];
    return { nbr: copy(v.nbr), str: copy(v.str), last: copy(v.last), fl: copy(v.fl), ctx: copy(v.ctx) };
  }

  /** Folds the patches back into compressed rows once they are a tenth of the people. */
  compactIfNeeded(people: number): void {
    if (this.patched.size <= Math.max(1000, people / 10)) return;
    const n = people;
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + this.degree(i);
    const total = offsets[n];
    const nbr = new Int32Array(total);
    const s = new Float64Array(total);
    const l = new Float64Array(total);
    const f = new Uint8Array(total);
    const c = new Uint8Array(total);
    for (let i = 0; i < n; i++) {
      const v = this.view(i);
      let at = offsets[i];
      for (let k = v.from; k < v.to; k++, at++) {
        nbr[at] = v.nbr[k];
        s[at] = v.str[k];
        l[at] = v.last[k];
        f[at] = v.fl[k];
        c[at] = v.ctx[k];
      }
    }
    this.offsets = offsets;
    this.nbr = nbr;
    this.str = s;
    this.last = l;
    this.fl = f;
    this.ctx = c;
    this.patched.clear();
  }

  /** Half-edges held (each relationship counts twice). */
  size(): number {
    let n = this.nbr.length;
    for (const [p, patch] of this.patched) n += patch.nbr.length - (p + 1 < this.offsets.length ? this.offsets[p + 1] - this.offsets[p] : 0);
    return n;
  }

  bytes(): number {
    return this.offsets.byteLength + this.nbr.byteLength + this.str.byteLength + this.last.byteLength + this.fl.byteLength + this.ctx.byteLength;
  }
}

function group(map: Map<number, EdgeView[]>, e: EdgeView): void {
  const list = map.get(e.nbr);
  if (list) list.push(e);
  else map.set(e.nbr, [e]);
}

/** The same relationships with one neighbour (in any order). */
function same(a: EdgeView[] | undefined, b: EdgeView[] | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.length !== b.length) return false;
  const key = (e: EdgeView) => `${e.str}|${e.last}|${e.fl}|${e.ctx}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.every((k, i) => k === right[i]);
}

/** The same relationship seen from the other end: who recorded it and which end starts it swap sides. */
function mirror(fl: number): number {
  return (fl & 4) | ((fl & 1) << 1) | ((fl & 2) >> 1) | (~fl & 8);
}
