import { brokerFactor, edgeWeight, PATH_LIMITS, SCORE_EPSILON, type BrokerState, type FoundPath, type GraphAnswer, type GraphQuery } from '#libs/paths';
import type { EdgeSlice } from './half-edges.js';

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
  readonly ids: string[];
  readonly keys: string[];
  indexOf(id: string): number | undefined;
  indexOfKey(key: string): number | undefined;
  view(p: number): EdgeSlice;
  degree(p: number): number;
  state(x: number, viewerId: string, nowMs: number): BrokerState;
  holdersOf(code: string): Iterable<number>;
  doesWork(t: number, codes: Set<string>, viewerId: string): boolean;
}

/**
 * PathsService's search (budgeted brokers, meet in the middle, best path per target) run on person
 * indexes over the half-edge arrays, with per-person scratch arrays stamped per query instead of rows,
 * maps and strings. It reads exactly what the row-by-row search reads and decides exactly as it
 * does, ties included (then by element id, as bestPaths and budgetedBrokers order them); the unit
 * property test holds it to that search, and the integration property test to the Neo4j engine.
 * Synchronous, so one set of scratch arrays serves every query of the process.
 */
export class GraphSearch {
  private stamp = 0;
  private size = 0;
  /** Hop-1 people: best edge weight. */
  private n1Stamp = new Int32Array(0);
  private n1W = new Float64Array(0);
  /** Broker factor, for people whose state the row search would have read (else 1). */
  private fStamp = new Int32Array(0);
  private f = new Float64Array(0);
  /** Best two 2-hop prefixes through distinct brokers. */
  private pStamp = new Int32Array(0);
  private p1S = new Float64Array(0);
  private p1V = new Int32Array(0);
  private p2S = new Float64Array(0);
  private p2V = new Int32Array(0);
  /** Marks: 1 middle, 2 target, 4 avoided, 8 holds a wanted code. */
  private markStamp = new Int32Array(0);
  private mark = new Uint8Array(0);
  /** Best path per target: score and up to three people. */
  private bStamp = new Int32Array(0);
  private bS = new Float64Array(0);
  private bN = new Int32Array(0);
  private bLen = new Uint8Array(0);

  constructor(private readonly g: SearchableGraph) {}

  search(q: GraphQuery): GraphAnswer {
    const { g } = this;
    const v = g.indexOf(q.viewerId);
    if (v === undefined) return { viewerKey: null, best: new Map() };
    this.fit(g.ids.length);
    const s = this.next();
    const now = q.rules.nowMs;
    const rules = q.rules;
    for (const key of q.avoid) {
      const i = g.indexOfKey(key);
      if (i !== undefined) this.setMark(i, 4, s);
    }
    const avoided = (i: number) => this.markStamp[i] === s && (this.mark[i] & 4) !== 0;
    if (avoided(v)) return { viewerKey: null, best: new Map() };
    const remember = (x: number) => {
      if (this.fStamp[x] === s) return;
      this.fStamp[x] = s;
      this.f[x] = brokerFactor(g.state(x, q.viewerId, now), rules);
    };
    const factor = (x: number) => (this.fStamp[x] === s ? this.f[x] : 1);

    // Hop 1: the viewer's usable edges.
    const n1List: number[] = [];
    const ve = g.view(v);
    for (let at = ve.from; at < ve.to; at++) {
      const x = ve.nbr[at];
      if (x === v || !usable(ve.fl[at], v, x, v) || avoided(x)) continue;
      const w = edgeWeight(ve.str[at], lastOf(ve.last[at]), now);
      if (this.n1Stamp[x] !== s) {
        this.n1Stamp[x] = s;
        this.n1W[x] = w;
        n1List.push(x);
        remember(x);
      } else if (w > this.n1W[x]) this.n1W[x] = w;
    }
    if (!n1List.length) return { viewerKey: null, best: new Map() };
    const middle: number[] = [v, ...n1List];
    for (const x of middle) this.setMark(x, 1, s);

    // Hop 2: lent edges of the strongest-tied brokers while their relationships fit the budget.
    if (q.maxHops >= 3) {
      for (const x of this.budgeted(n1List)) {
        const e = g.view(x);
        let n = 0;
        for (let at = e.from; at < e.to && n < PATH_LIMITS.hop2PerBroker; at++) {
          const b = e.nbr[at];
          if ((e.fl[at] & LENT) === 0 || b === v) continue;
          n++;
          if (avoided(b)) continue;
          if (!this.isMarked(b, 1, s)) {
            this.setMark(b, 1, s);
            middle.push(b);
          }
          const w = edgeWeight(e.str[at], lastOf(e.last[at]), now);
          this.extend(x, b, w, v, s, factor);
          this.extend(b, x, w, v, s, factor);
        }
      }
    }

    // Targets, and the usable edges between them and the middle (m -> t), in the row search's order:
    // the person asked for, then people doing the work, then people found by role title.
    const targetList: number[] = [];
    const addTarget = (t: number) => {
      if (this.isMarked(t, 2, s)) return;
      this.setMark(t, 2, s);
      targetList.push(t);
    };
    const edgeM: number[] = [];
    const edgeT: number[] = [];
    const edgeW: number[] = [];
    const take = (m: number, t: number, str: number, last: number) => {
      if (avoided(m) || avoided(t)) return;
      edgeM.push(m);
      edgeT.push(t);
      edgeW.push(edgeWeight(str, lastOf(last), now));
    };
    const fromTargetSide = (t: number) => {
      const e = g.view(t);
      for (let at = e.from; at < e.to; at++) {
        const m = e.nbr[at];
        if (this.isMarked(m, 1, s) && usable(e.fl[at], t, m, v)) take(m, t, e.str[at], e.last[at]);
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
      const doing = this.doingWork(codes, q.viewerId, v, Math.min(PATH_LIMITS.targetSideMaxRoles, 2 * middle.length));
      if (doing) {
        doing.forEach(addTarget);
        doing.forEach(fromTargetSide);
      } else {
        // Too many people do the work: they are found one hop out of the middle instead.
        for (const code of codes) for (const t of g.holdersOf(code)) this.setMark(t, 8, s);
        for (const m of middle) {
          const e = g.view(m);
          for (let at = e.from; at < e.to; at++) {
            const t = e.nbr[at];
            if (!this.isMarked(t, 8, s) || t === v || !usable(e.fl[at], m, t, v) || !g.doesWork(t, codes, q.viewerId)) continue;
            addTarget(t);
            take(m, t, e.str[at], e.last[at]);
          }
        }
      }
    }
    for (const key of q.titleKeys) {
      const t = g.indexOfKey(key);
      if (t === undefined || this.isMarked(t, 2, s)) continue;
      addTarget(t);
      fromTargetSide(t);
    }
    for (const m of edgeM) remember(m);

    // Best path per target: direct, then through one or two brokers.
    const reached: number[] = [];
    for (const t of targetList) {
      if (t !== v && this.n1Stamp[t] === s) this.consider(t, this.n1W[t], 1, t, -1, -1, s, reached);
    }
    if (q.maxHops >= 2) {
      for (let i = 0; i < edgeM.length; i++) {
        this.reach(edgeM[i], edgeT[i], edgeW[i], v, q.maxHops, s, factor, reached);
        this.reach(edgeT[i], edgeM[i], edgeW[i], v, q.maxHops, s, factor, reached);
      }
    }
    const best = new Map<string, FoundPath>();
    for (const t of reached) best.set(g.keys[t], { target: g.keys[t], nodes: this.nodesOf(t), score: this.bS[t] });
    return { viewerKey: g.keys[v], best };
  }

  /** As budgetedBrokers: hop-1 people who may broker, strongest tie first (then by key), within the budget. */
  private budgeted(n1List: number[]): number[] {
    const { g } = this;
    const s = this.stamp;
    const candidates = n1List.filter((x) => this.fStamp[x] === s && this.f[x] > 0);
    candidates.sort((a, b) => this.n1W[b] - this.n1W[a] || (g.keys[a] < g.keys[b] ? -1 : 1));
    const chosen: number[] = [];
    let spent = 0;
    for (const x of candidates) {
      const cost = Math.min(g.degree(x), PATH_LIMITS.hop2PerBroker);
      if (chosen.length && spent + cost > PATH_LIMITS.hop2Budget) break;
      chosen.push(x);
      spent += cost;
    }
    return chosen;
  }

  /** People doing the work whom the viewer may use, in the row search's order; null when more than `cap`. */
  private doingWork(codes: Set<string>, viewerId: string, v: number, cap: number): number[] | null {
    const found: number[] = [];
    const seen = new Set<number>();
    for (const code of codes) {
      for (const t of this.g.holdersOf(code)) {
        if (seen.has(t) || t === v || !this.g.doesWork(t, codes, viewerId)) continue;
        seen.add(t);
        found.push(t);
        if (found.length > cap) return null;
      }
    }
    return found;
  }

  private extend(a: number, b: number, w: number, v: number, s: number, factor: (x: number) => number): void {
    if (this.n1Stamp[a] !== s || b === v || b === a) return;
    const fa = factor(a);
    if (fa <= 0) return;
    this.offer(b, a, this.n1W[a] * fa * w, s);
  }

  /** Keeps the best two prefixes to b through distinct brokers, best first (then by broker key), as offer() in path-search. */
  private offer(b: number, via: number, score: number, s: number): void {
    if (this.pStamp[b] !== s) {
      this.pStamp[b] = s;
      this.p1V[b] = via;
      this.p1S[b] = score;
      this.p2V[b] = -1;
      return;
    }
    let aV = this.p1V[b];
    let aS = this.p1S[b];
    let bV = this.p2V[b];
    let bS = this.p2S[b];
    if (aV === via) {
      if (aS >= score) return;
      aV = bV;
      aS = bS;
      bV = -1;
    } else if (bV === via) {
      if (bS >= score) return;
      bV = -1;
    }
    const keys = this.g.keys;
    const before = (ov: number, os: number) => score > os || (score === os && keys[via] < keys[ov]);
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
    this.p1V[b] = aV;
    this.p1S[b] = aS;
    this.p2V[b] = bV;
    this.p2S[b] = bS;
  }

  private reach(m: number, t: number, w: number, v: number, maxHops: number, s: number, factor: (x: number) => number, reached: number[]): void {
    if (!this.isMarked(t, 2, s) || t === v || m === t || m === v) return;
    const fm = factor(m);
    if (fm <= 0) return;
    if (this.n1Stamp[m] === s) this.consider(t, this.n1W[m] * fm * w, 2, m, t, -1, s, reached);
    if (maxHops >= 3 && this.pStamp[m] === s) {
      if (this.p1V[m] !== t) this.consider(t, this.p1S[m] * fm * w, 3, this.p1V[m], m, t, s, reached);
      else if (this.p2V[m] !== -1) this.consider(t, this.p2S[m] * fm * w, 3, this.p2V[m], m, t, s, reached);
    }
  }

  /** As bestPaths' consider: higher score wins; within SCORE_EPSILON, fewer hops, then the people's keys. */
  private consider(t: number, score: number, len: number, n0: number, n1: number, n2: number, s: number, reached: number[]): void {
    if (this.bStamp[t] !== s) {
      this.bStamp[t] = s;
      reached.push(t);
    } else {
      const current = this.bS[t];
      if (current - score > SCORE_EPSILON) return;
      if (!(score - current > SCORE_EPSILON)) {
        const curLen = this.bLen[t];
        if (len !== curLen) {
          if (len > curLen) return;
        } else {
          const keys = this.g.keys;
          const candidate = [n0, n1, n2].slice(0, len).map((x) => keys[x]).join('/');
          if (!(candidate < this.nodesOf(t).join('/'))) return;
        }
      }
    }
    this.bS[t] = score;
    this.bLen[t] = len;
    this.bN[3 * t] = n0;
    this.bN[3 * t + 1] = n1;
    this.bN[3 * t + 2] = n2;
  }

  private nodesOf(t: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.bLen[t]; i++) out.push(this.g.keys[this.bN[3 * t + i]]);
    return out;
  }

  private setMark(i: number, bit: number, s: number): void {
    if (this.markStamp[i] !== s) {
      this.markStamp[i] = s;
      this.mark[i] = bit;
    } else this.mark[i] |= bit;
  }

  private isMarked(i: number, bit: number, s: number): boolean {
    return this.markStamp[i] === s && (this.mark[i] & bit) !== 0;
  }

  private next(): number {
    if (this.stamp === 0x7fffffff) {
      this.size = 0;
      this.fit(this.g.ids.length);
    }
    return ++this.stamp;
  }

  /** Scratch arrays for every person (grown, with headroom, as people are added; reset when the stamp wraps). */
  private fit(people: number): void {
    if (people <= this.size) return;
    const n = Math.max(1024, Math.ceil(people * 1.25));
    this.size = n;
    this.stamp = 0;
    this.n1Stamp = new Int32Array(n);
    this.n1W = new Float64Array(n);
    this.fStamp = new Int32Array(n);
    this.f = new Float64Array(n);
    this.pStamp = new Int32Array(n);
    this.p1S = new Float64Array(n);
    this.p1V = new Int32Array(n);
    this.p2S = new Float64Array(n);
    this.p2V = new Int32Array(n);
    this.markStamp = new Int32Array(n);
    this.mark = new Uint8Array(n);
    this.bStamp = new Int32Array(n);
    this.bS = new Float64Array(n);
    this.bN = new Int32Array(3 * n);
    this.bLen = new Uint8Array(n);
  }
}

function lastOf(ms: number): number | null {
  return Number.isNaN(ms) ? null : ms;
}
