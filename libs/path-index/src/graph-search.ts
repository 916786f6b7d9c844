import { brokerFactor, edgeWeight, MapPaths, PATH_LIMITS, SCORE_EPSILON, type BrokerState, type GraphAnswer, type GraphQuery } from '#libs/paths';
import { lastOf, type EdgeSlice } from './half-edges.js';
import { MANY_RECORDERS } from './role-table.js';
import { IndexPaths } from './index-paths.js';
import { SearchScratch } from './search-scratch.js';

/** Half-edge flags (see HalfEdges): recorded by the list's owner, by the neighbour, lent. */
export const OWNER = 1;
export const NEIGHBOUR = 2;
export const LENT = 4;
export const START = 8;

/** Usable by the viewer: lent, or recorded by the viewer (index -1 when the viewer is not in the graph). */
export function usable(fl: number, owner: number, nbr: number, viewer: number): boolean {
  return (fl & LENT) !== 0 || ((fl & OWNER) !== 0 && owner === viewer) || ((fl & NEIGHBOUR) !== 0 && nbr === viewer);
}

/** What the search reads from the graph. */
export interface SearchableGraph {
  /** Indexes handed out so far: the size of per-person tables. */
  readonly slots: number;
  keyOf(i: number): string;
  /** Orders two people as their element ids compare. */
  compareKeys(a: number, b: number): number;
  indexOf(id: string): number | undefined;
  indexOfKey(key: string): number | undefined;
  view(p: number): EdgeSlice;
  degree(p: number): number;
  state(x: number, viewerId: string, nowMs: number): BrokerState;
  holders(code: string): { lent: Iterable<number>; other: Iterable<[number, string]> };
  doesWork(t: number, codes: Set<string>, viewerId: string): boolean;
}

const NONE = new MapPaths(new Map());

/** Marks per person. */
const TARGET = 2;
const AVOIDED = 4;
/** May do the wanted work for this viewer: check their roles. */
const HOLDS_CODE = 8;
/** Does the wanted work for this viewer (a lent role, or one only this viewer recorded): no check needed. */
const DOES_WORK = 16;
const SEEN = 32;

/**
 * PathsService's search (budgeted brokers, meet in the middle, best path per target) run on person
 * indexes over the half-edge arrays, with reused scratch tables instead of rows, maps and strings.
 * It reads exactly what the row-by-row search reads and decides exactly as it does, ties included
 * (then by element id, as bestPaths and budgetedBrokers order them); the unit property test holds it
 * to that search, and the integration property test to the Neo4j engine.
 */
export class GraphSearch {
  private readonly x = new SearchScratch();

  constructor(private readonly g: SearchableGraph) {}

  /** Bytes of working memory held between queries. */
  bytes(): number {
    return this.x.bytes();
  }

  search(q: GraphQuery): GraphAnswer {
    const { g, x } = this;
    const v = g.indexOf(q.viewerId);
    if (v === undefined) return { viewerKey: null, best: NONE };
    x.begin(g.slots);
    const now = q.rules.nowMs;
    for (const key of q.avoid) {
      const i = g.indexOfKey(key);
      if (i !== undefined) x.mark(i, AVOIDED);
    }
    if (x.marked(v, AVOIDED)) return { viewerKey: null, best: NONE };
    const remember = (slot: number) => {
      if (Number.isNaN(x.fac[slot])) x.fac[slot] = brokerFactor(g.state(x.midPerson[slot], q.viewerId, now), q.rules);
    };

    // Hop 1: the viewer's usable edges. The viewer is middle slot 0.
    x.addMiddle(v);
    const ve = g.view(v);
    for (let at = ve.from; at < ve.to; at++) {
      const p = ve.nbr[at];
      if (p === v || !usable(ve.fl[at], v, p, v) || x.marked(p, AVOIDED)) continue;
      const w = edgeWeight(ve.str[at], lastOf(ve.last[at]), now);
      const slot = x.addMiddle(p);
      if (w > x.n1W[slot]) x.n1W[slot] = w;
      remember(slot);
    }
    const hop1End = x.middleCount;
    if (hop1End === 1) return { viewerKey: null, best: NONE };

    // Hop 2: lent edges of the strongest-tied brokers while their relationships fit the budget.
    if (q.maxHops >= 3) {
      for (const a of this.budgeted(hop1End)) {
        const aSlot = x.midOf(a);
        const e = g.view(a);
        let n = 0;
        for (let at = e.from; at < e.to && n < PATH_LIMITS.hop2PerBroker; at++) {
          const b = e.nbr[at];
          if ((e.fl[at] & LENT) === 0 || b === v) continue;
          n++;
          if (x.marked(b, AVOIDED)) continue;
          const bSlot = x.addMiddle(b);
          const w = edgeWeight(e.str[at], lastOf(e.last[at]), now);
          this.extend(aSlot, bSlot, w);
          this.extend(bSlot, aSlot, w);
        }
      }
    }

    // Targets, and the usable edges between them and the middle (m -> t), in the row search's order:
    // the person asked for, then people doing the work, then people found by role title.
    const targets: number[] = [];
    const edgeM: number[] = [];
    const edgeT: number[] = [];
    const edgeW: number[] = [];
    const addTarget = (t: number) => {
      if (x.addTarget(t)) targets.push(t);
      x.mark(t, TARGET);
    };
    const take = (m: number, t: number, str: number, last: number) => {
      if (x.marked(m, AVOIDED) || x.marked(t, AVOIDED)) return;
      edgeM.push(m);
      edgeT.push(t);
      edgeW.push(edgeWeight(str, lastOf(last), now));
    };
    const fromTargetSide = (t: number) => {
      const e = g.view(t);
      for (let at = e.from; at < e.to; at++) {
        const m = e.nbr[at];
        if (x.midOf(m) >= 0 && usable(e.fl[at], t, m, v)) take(m, t, e.str[at], e.last[at]);
      }
    };
    if (q.targetId !== null) {
      const t = g.indexOf(q.targetId);
      if (t !== undefined) {
        addTarget(t);
        fromTargetSide(t);
      }
    }
    const codes = new Set(q.codes);
    if (codes.size) {
      const doing = this.doingWork(codes, q.viewerId, v, Math.min(PATH_LIMITS.targetSideMaxRoles, 2 * x.middleCount));
      if (doing) {
        doing.forEach(addTarget);
        doing.forEach(fromTargetSide);
      } else {
        // Too many people do the work: they are found one hop out of the middle instead.
        for (const code of codes) {
          const { lent, other } = g.holders(code);
          for (const t of lent) x.mark(t, DOES_WORK);
          for (const [t, rec] of other) if (rec === q.viewerId || rec === MANY_RECORDERS) x.mark(t, rec === q.viewerId ? DOES_WORK : HOLDS_CODE);
        }
        for (let slot = 0; slot < x.middleCount; slot++) {
          const m = x.midPerson[slot];
          const e = g.view(m);
          for (let at = e.from; at < e.to; at++) {
            const t = e.nbr[at];
            if (!x.marked(t, DOES_WORK | HOLDS_CODE) || t === v || !usable(e.fl[at], m, t, v)) continue;
            if (!x.marked(t, DOES_WORK) && !g.doesWork(t, codes, q.viewerId)) continue;
            addTarget(t);
            take(m, t, e.str[at], e.last[at]);
          }
        }
      }
    }
    for (const key of q.titleKeys) {
      const t = g.indexOfKey(key);
      if (t === undefined || x.marked(t, TARGET)) continue;
      addTarget(t);
      fromTargetSide(t);
    }
    for (const m of edgeM) remember(x.midOf(m));

    // Best path per target: direct, then through one or two brokers.
    const reached: number[] = [];
    for (const t of targets) {
      const slot = x.midOf(t);
      if (t !== v && slot >= 0 && x.n1W[slot] >= 0) this.consider(t, x.n1W[slot], 1, t, -1, -1, reached);
    }
    if (q.maxHops >= 2) {
      for (let i = 0; i < edgeM.length; i++) {
        this.reach(edgeM[i], edgeT[i], edgeW[i], v, q.maxHops, reached);
        this.reach(edgeT[i], edgeM[i], edgeW[i], v, q.maxHops, reached);
      }
    }
    const n = reached.length;
    const scores = new Float64Array(n);
    const lens = new Uint8Array(n);
    const nodes = new Int32Array(3 * n);
    for (let i = 0; i < n; i++) {
      const slot = x.tgtOf(reached[i]);
      scores[i] = x.bS[slot];
      lens[i] = x.bLen[slot];
      nodes.set(x.bN.subarray(3 * slot, 3 * slot + 3), 3 * i);
    }
    return { viewerKey: g.keyOf(v), best: new IndexPaths(g, Int32Array.from(reached), scores, lens, nodes) };
  }

  /** As budgetedBrokers: hop-1 people who may broker, strongest tie first (then by key), within the budget. */
  private budgeted(hop1End: number): number[] {
    const { g, x } = this;
    const candidates: number[] = [];
    for (let slot = 1; slot < hop1End; slot++) if (x.fac[slot] > 0) candidates.push(slot);
    candidates.sort((a, b) => x.n1W[b] - x.n1W[a] || (g.compareKeys(x.midPerson[a], x.midPerson[b]) < 0 ? -1 : 1));
    const chosen: number[] = [];
    let spent = 0;
    for (const slot of candidates) {
      const p = x.midPerson[slot];
      const cost = Math.min(g.degree(p), PATH_LIMITS.hop2PerBroker);
      if (chosen.length && spent + cost > PATH_LIMITS.hop2Budget) break;
      chosen.push(p);
      spent += cost;
    }
    return chosen;
  }

  /** People doing the work whom the viewer may use (those in lent roles first, code by code); null when more than `cap`. */
  private doingWork(codes: Set<string>, viewerId: string, v: number, cap: number): number[] | null {
    const { g, x } = this;
    const found: number[] = [];
    for (const code of codes) {
      const { lent, other } = g.holders(code);
      for (const t of lent) {
        if (t === v || x.marked(t, SEEN)) continue;
        x.mark(t, SEEN);
        found.push(t);
        if (found.length > cap) return null;
      }
      // A role not lent does the work only for the member who recorded it (or, with another wanted
      // code in a lent role, for everyone: found in that code's lent holders).
      for (const [t, rec] of other) {
        if (t === v || (rec !== viewerId && rec !== MANY_RECORDERS) || x.marked(t, SEEN)) continue;
        if (rec === MANY_RECORDERS && !g.doesWork(t, codes, viewerId)) continue;
        x.mark(t, SEEN);
        found.push(t);
        if (found.length > cap) return null;
      }
    }
    return found;
  }

  /** A prefix viewer -> a -> b, when a is hop 1 and may broker. */
  private extend(aSlot: number, bSlot: number, w: number): void {
    const { x } = this;
    if (x.n1W[aSlot] < 0 || bSlot === 0 || bSlot === aSlot) return;
    const fa = factorAt(x, aSlot);
    if (fa <= 0) return;
    this.offer(bSlot, x.midPerson[aSlot], x.n1W[aSlot] * fa * w);
  }

  /** Keeps the best two prefixes to a middle slot through distinct brokers, best first (then by broker key), as offer() in path-search. */
  private offer(slot: number, via: number, score: number): void {
    const { x } = this;
    let aV = x.p1V[slot];
    let aS = x.p1S[slot];
    let bV = x.p2V[slot];
    let bS = x.p2S[slot];
    if (aV === via) {
      if (aS >= score) return;
      aV = bV;
      aS = bS;
      bV = -1;
    } else if (bV === via) {
      if (bS >= score) return;
      bV = -1;
    }
    const before = (ov: number, os: number) => score > os || (score === os && this.g.compareKeys(via, ov) < 0);
    if (aV === -1) {
      aV = via;
      aS = score;
    } else if (before(aV, aS)) {
      bV = aV;
      bS = aS;
      aV = via;
      aS = score;
    } else if (bV === -1 || before(bV, bS)) {
      bV = via;
      bS = score;
    } else return;
    x.p1V[slot] = aV;
    x.p1S[slot] = aS;
    x.p2V[slot] = bV;
    x.p2S[slot] = bS;
  }

  private reach(m: number, t: number, w: number, v: number, maxHops: number, reached: number[]): void {
    const { x } = this;
    if (!x.marked(t, TARGET) || t === v || m === t || m === v) return;
    const slot = x.midOf(m);
    // Not in the middle: neither hop 1 nor hop 2, so no path runs through m.
    if (slot < 0) return;
    const fm = factorAt(x, slot);
    if (fm <= 0) return;
    if (x.n1W[slot] >= 0) this.consider(t, x.n1W[slot] * fm * w, 2, m, t, -1, reached);
    if (maxHops >= 3) {
      if (x.p1V[slot] !== -1 && x.p1V[slot] !== t) this.consider(t, x.p1S[slot] * fm * w, 3, x.p1V[slot], m, t, reached);
      else if (x.p1V[slot] === t && x.p2V[slot] !== -1) this.consider(t, x.p2S[slot] * fm * w, 3, x.p2V[slot], m, t, reached);
    }
  }

  /** As bestPaths' consider: higher score wins; within SCORE_EPSILON, fewer hops, then the people's keys. */
  private consider(t: number, score: number, len: number, n0: number, n1: number, n2: number, reached: number[]): void {
    const { x } = this;
    const slot = x.tgtOf(t);
    if (x.bLen[slot] === 0) reached.push(t);
    else {
      const current = x.bS[slot];
      if (current - score > SCORE_EPSILON) return;
      if (!(score - current > SCORE_EPSILON)) {
        const curLen = x.bLen[slot];
        if (len !== curLen) {
          if (len > curLen) return;
        } else {
          const candidate = [n0, n1, n2]
            .slice(0, len)
            .map((p) => this.g.keyOf(p))
            .join('/');
          if (!(candidate < this.nodesOf(slot).join('/'))) return;
        }
      }
    }
    x.bS[slot] = score;
    x.bLen[slot] = len;
    x.bN[3 * slot] = n0;
    x.bN[3 * slot + 1] = n1;
    x.bN[3 * slot + 2] = n2;
  }

  private nodesOf(slot: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.x.bLen[slot]; i++) out.push(this.g.keyOf(this.x.bN[3 * slot + i]));
    return out;
  }
}

/** The broker factor of a middle slot: 1 where the row search would not have read the person's state. */
function factorAt(x: SearchScratch, slot: number): number {
  const f = x.fac[slot];
  return Number.isNaN(f) ? 1 : f;
}
