import { brokerFactor, edgeWeight } from '#libs/paths';
import { lastContactOffsetMs, type SyntheticNetwork } from './synthetic-network.js';

/**
 * The floor for this language on this machine: the same meet-in-the-middle ranking in plain
 * TypeScript over typed arrays (CSR adjacency), with the graph already in memory.
 */
export class InMemoryPaths {
  private readonly offsets: Int32Array;
  private readonly neighbour: Int32Array;
  private readonly weight: Float64Array;
  private readonly recorder: Int32Array;
  private readonly factor: Float64Array;
  private readonly n1: Float64Array;
  private readonly n1Stamp: Int32Array;
  private readonly p1: Float64Array;
  private readonly p1Via: Int32Array;
  private readonly p2: Float64Array;
  private readonly p2Via: Int32Array;
  private readonly pStamp: Int32Array;
  private readonly best: Float64Array;
  private readonly bestStamp: Int32Array;
  private stamp = 0;

  constructor(
    private readonly net: SyntheticNetwork,
    now = Date.now(),
  ) {
    const n = net.people;
    const degree = new Int32Array(n + 1);
    for (let e = 0; e < net.edgeFrom.length; e++) {
      degree[net.edgeFrom[e]]++;
      degree[net.edgeTo[e]]++;
    }
    this.offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) this.offsets[i + 1] = this.offsets[i] + degree[i];
    const fill = this.offsets.slice(0, n);
    const m = this.offsets[n];
    this.neighbour = new Int32Array(m);
    this.weight = new Float64Array(m);
    this.recorder = new Int32Array(m);
    for (let e = 0; e < net.edgeFrom.length; e++) {
      const a = net.edgeFrom[e];
      const b = net.edgeTo[e];
      const w = edgeWeight(net.strength[e], net.daysAgo[e] < 0 ? null : now - lastContactOffsetMs(net.daysAgo[e]), now);
      for (const [x, y] of [
        [a, b],
        [b, a],
      ]) {
        const at = fill[x]++;
        this.neighbour[at] = y;
        this.weight[at] = w;
        this.recorder[at] = a;
      }
    }
    this.factor = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.factor[i] = brokerFactor({
        isAccount: net.account[i] === 1,
        brokerCapacity: net.account[i] ? net.capacity[i] : null,
        openAsks: 0,
        recentDeclines: 0,
      });
    }
    this.n1 = new Float64Array(n);
    this.n1Stamp = new Int32Array(n);
    this.p1 = new Float64Array(n);
    this.p1Via = new Int32Array(n);
    this.p2 = new Float64Array(n);
    this.p2Via = new Int32Array(n);
    this.pStamp = new Int32Array(n);
    this.best = new Float64Array(n);
    this.bestStamp = new Int32Array(n);
  }

  private usable(at: number, viewer: number): boolean {
    const r = this.recorder[at];
    return r === viewer || this.net.lends[r] === 1;
  }

  private isTarget(t: number, code: number, viewer: number): boolean {
    if (t === viewer || this.net.occupation[t] !== code) return false;
    const rec = this.net.roleRecorder[t];
    return rec === t || rec === viewer || this.net.lends[rec] === 1;
  }

  /** Reachable target count and the top `first` scores, best first. */
  query(viewer: number, code: number, first: number): { reachable: number; top: number[] } {
    const s = ++this.stamp;
    const { offsets, neighbour, weight, factor } = this;
    const n1List: number[] = [];
    for (let at = offsets[viewer]; at < offsets[viewer + 1]; at++) {
      if (!this.usable(at, viewer)) continue;
      const a = neighbour[at];
      if (a === viewer) continue;
      if (this.n1Stamp[a] !== s) {
        this.n1Stamp[a] = s;
        this.n1[a] = weight[at];
        n1List.push(a);
      } else if (weight[at] > this.n1[a]) this.n1[a] = weight[at];
    }
    const n2List: number[] = [];
    for (const a of n1List) {
      const fa = factor[a];
      if (fa <= 0) continue;
      for (let at = offsets[a]; at < offsets[a + 1]; at++) {
        if (!this.usable(at, viewer)) continue;
        const b = neighbour[at];
        if (b === viewer || b === a) continue;
        const score = this.n1[a] * fa * weight[at];
        if (this.pStamp[b] !== s) {
          this.pStamp[b] = s;
          this.p1[b] = score;
          this.p1Via[b] = a;
          this.p2[b] = -1;
          this.p2Via[b] = -1;
          n2List.push(b);
        } else if (this.p1Via[b] === a) {
          if (score > this.p1[b]) this.p1[b] = score;
        } else if (score > this.p1[b]) {
          this.p2[b] = this.p1[b];
          this.p2Via[b] = this.p1Via[b];
          this.p1[b] = score;
          this.p1Via[b] = a;
        } else if (score > this.p2[b]) {
          this.p2[b] = score;
          this.p2Via[b] = a;
        }
      }
    }
    const targets: number[] = [];
    const offer = (t: number, score: number) => {
      if (this.bestStamp[t] !== s) {
        this.bestStamp[t] = s;
        this.best[t] = score;
        targets.push(t);
      } else if (score > this.best[t]) this.best[t] = score;
    };
    for (const a of n1List) if (this.isTarget(a, code, viewer)) offer(a, this.n1[a]);
    const middles = [...n1List, ...n2List.filter((b) => this.n1Stamp[b] !== s)];
    for (const m of middles) {
      const fm = factor[m];
      if (fm <= 0) continue;
      for (let at = offsets[m]; at < offsets[m + 1]; at++) {
        if (!this.usable(at, viewer)) continue;
        const t = neighbour[at];
        if (t === m || !this.isTarget(t, code, viewer)) continue;
        if (this.n1Stamp[m] === s) offer(t, this.n1[m] * fm * weight[at]);
        if (this.pStamp[m] === s) {
          const prefix = this.p1Via[m] !== t ? this.p1[m] : this.p2Via[m] >= 0 ? this.p2[m] : -1;
          if (prefix > 0) offer(t, prefix * fm * weight[at]);
        }
      }
    }
    const scores = targets.map((t) => this.best[t]).sort((a, b) => b - a);
    return { reachable: targets.length, top: scores.slice(0, first) };
  }
}
