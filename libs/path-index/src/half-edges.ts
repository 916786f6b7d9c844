import type { EdgeBlock, EdgeList } from './edge-list.js';

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

/** Relationships handled between two turns of the event loop while loading or compacting (about 60 ms at L). */
const PER_TURN = 1 << 18;
/** Bytes of new rows touched for the first time between two turns (the operating system maps them in then). */
const FAULT_PER_TURN = 8 << 20;
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Rows {
  nbr: Int32Array<ArrayBuffer>;
  str: Float64Array<ArrayBuffer>;
  last: Float64Array<ArrayBuffer>;
  fl: Uint8Array<ArrayBuffer>;
  ctx: Uint8Array<ArrayBuffer>;
}

/**
 * New rows for `total` half-edges, written through once in slices: the first writes to fresh memory
 * make the operating system map it in, and at L (1.4 GB) doing that in one go held the event loop 3.7 s.
 */
async function newRows(total: number): Promise<Rows> {
  const rows: Rows = {
    nbr: new Int32Array(total),
    str: new Float64Array(total),
    last: new Float64Array(total),
    fl: new Uint8Array(total),
    ctx: new Uint8Array(total),
  };
  for (const column of Object.values(rows) as (Int32Array | Float64Array | Uint8Array)[]) {
    const step = Math.max(1, Math.floor(FAULT_PER_TURN / column.BYTES_PER_ELEMENT));
    for (let from = 0; from < total; from += step) {
      column.fill(0, from, Math.min(total, from + step));
      await yieldToOthers();
    }
  }
  return rows;
}

async function eachEdge(list: EdgeList, each: (block: EdgeBlock, e: number) => void): Promise<void> {
  for (const block of list.blocks) {
    for (let from = 0; from < block.n; from += PER_TURN) {
      const to = Math.min(block.n, from + PER_TURN);
      for (let e = from; e < to; e++) each(block, e);
      await yieldToOthers();
    }
  }
}

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
   * Build: all relationships at once. It lets other work in between every quarter of a million
   * relationships and every few megabytes of new rows: at L the whole load takes seconds, and the
   * API answers from Neo4j meanwhile.
   */
  async load(people: number, list: EdgeList): Promise<void> {
    const degree = new Int32Array(people + 1);
    await eachEdge(list, (block, e) => {
      const x = block.a[e];
      const y = block.b[e];
      if (x === y) return;
      degree[x]++;
      degree[y]++;
    });
    const offsets = new Int32Array(people + 1);
    for (let i = 0; i < people; i++) offsets[i + 1] = offsets[i] + degree[i];
    const rows = await newRows(offsets[people]);
    const fill = offsets.slice(0, people);
    await eachEdge(list, (block, e) => {
      const x = block.a[e];
      const y = block.b[e];
      if (x === y) return;
      let at = fill[x]++;
      rows.nbr[at] = y;
      rows.str[at] = block.str[e];
      rows.last[at] = block.last[e];
      rows.fl[at] = block.fl[e];
      rows.ctx[at] = block.ctx[e];
      at = fill[y]++;
      rows.nbr[at] = x;
      rows.str[at] = block.str[e];
      rows.last[at] = block.last[e];
      rows.fl[at] = mirror(block.fl[e]);
      rows.ctx[at] = block.ctx[e];
    });
    this.use(offsets, rows);
  }

  private use(offsets: Int32Array<ArrayBuffer>, rows: Rows): void {
    this.offsets = offsets;
    this.nbr = rows.nbr;
    this.str = rows.str;
    this.last = rows.last;
    this.fl = rows.fl;
    this.ctx = rows.ctx;
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

  /**
   * Folds the patches back into compressed rows once they are a tenth of the people. The caller is
   * the only writer and waits for it; searches in between read the rows and patches as they were.
   */
  async compactIfNeeded(people: number): Promise<boolean> {
    if (this.patched.size <= Math.max(1000, people / 10)) return false;
    const offsets = new Int32Array(people + 1);
    for (let i = 0; i < people; i++) offsets[i + 1] = offsets[i] + this.degree(i);
    const rows = await newRows(offsets[people]);
    let copied = 0;
    for (let i = 0; i < people; i++) {
      const v = this.view(i);
      let at = offsets[i];
      for (let k = v.from; k < v.to; k++, at++) {
        rows.nbr[at] = v.nbr[k];
        rows.str[at] = v.str[k];
        rows.last[at] = v.last[k];
        rows.fl[at] = v.fl[k];
        rows.ctx[at] = v.ctx[k];
      }
      copied += v.to - v.from;
      if (copied >= PER_TURN) {
        copied = 0;
        await yieldToOthers();
      }
    }
    // Patches made while copying would be lost: the caller applies none until this returns.
    this.use(offsets, rows);
    return true;
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
