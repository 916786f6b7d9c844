import type { BrokerState, EdgeRow, HopRow, PathSource, StepEdgeRow, StepPersonRow, TargetEdgeRow } from '#libs/paths';
import { lastOf, LENT, usable, type PathGraph } from '#libs/path-index';

/**
 * The in-memory graph answered row by row, as PathsRepository answers from Neo4j (this was the
 * index's own way before GraphSearch). PathsService's row search over these rows is the oracle the
 * whole-search GraphSearch is held to in test/unit/graph-search.spec.ts.
 */
export class GraphRows implements PathSource {
  constructor(private readonly g: PathGraph) {}

  async hop1(viewerId: string, nowMs: number): Promise<(HopRow & { degree: number })[]> {
    const { g } = this;
    const v = g.indexOf(viewerId);
    if (v === undefined) return [];
    const e = g.view(v);
    const rows: (HopRow & { degree: number })[] = [];
    for (let at = e.from; at < e.to; at++) {
      const x = e.nbr[at];
      if (x === v || !usable(e.fl[at], v, x, v)) continue;
      rows.push({ a: g.keyOf(v), b: g.keyOf(x), strength: e.str[at], last: lastOf(e.last[at]), ...g.state(x, viewerId, nowMs), degree: g.degree(x) });
    }
    return rows;
  }

  async hop2(viewerKey: string, brokerKeys: string[], perBrokerLimit: number): Promise<EdgeRow[]> {
    const { g } = this;
    const rows: EdgeRow[] = [];
    const v = g.indexOfKey(viewerKey);
    for (const key of brokerKeys) {
      const x = g.indexOfKey(key);
      if (x === undefined) continue;
      const e = g.view(x);
      let n = 0;
      for (let at = e.from; at < e.to && n < perBrokerLimit; at++) {
        if ((e.fl[at] & LENT) === 0 || e.nbr[at] === v) continue;
        rows.push({ a: key, b: g.keyOf(e.nbr[at]), strength: e.str[at], last: lastOf(e.last[at]) });
        n++;
      }
    }
    return rows;
  }

  async keyOf(personId: string): Promise<string | null> {
    const i = this.g.indexOf(personId);
    return i === undefined ? null : this.g.keyOf(i);
  }

  async targetSide(viewerId: string, codes: string[], cap: number, middleKeys: string[], nowMs: number) {
    const { g } = this;
    const wanted = new Set(codes);
    const targets = new Set<number>();
    for (const code of wanted) {
      for (const t of holdersOf(g, code)) {
        if (targets.has(t) || g.idOf(t) === viewerId || !g.doesWork(t, wanted, viewerId)) continue;
        targets.add(t);
        if (targets.size > cap) return { tooMany: true, targets: [], edges: [] };
      }
    }
    const keys = [...targets].map((t) => g.keyOf(t));
    return { tooMany: false, targets: keys, edges: await this.targetEdges(viewerId, keys, middleKeys, nowMs) };
  }

  async targetEdges(viewerId: string, targetKeys: string[], middleKeys: string[], nowMs: number): Promise<TargetEdgeRow[]> {
    const { g } = this;
    const middle = new Set(middleKeys.map((k) => g.indexOfKey(k)));
    const v = g.indexOf(viewerId) ?? -1;
    const rows: TargetEdgeRow[] = [];
    for (const key of targetKeys) {
      const t = g.indexOfKey(key);
      if (t === undefined) continue;
      const e = g.view(t);
      for (let at = e.from; at < e.to; at++) {
        const m = e.nbr[at];
        if (!middle.has(m) || !usable(e.fl[at], t, m, v)) continue;
        rows.push({ a: g.keyOf(m), b: key, strength: e.str[at], last: lastOf(e.last[at]), ...g.state(m, viewerId, nowMs) });
      }
    }
    return rows;
  }

  async frontierTargetEdges(viewerId: string, middleKeys: string[], codes: string[], nowMs: number): Promise<TargetEdgeRow[]> {
    const { g } = this;
    const wanted = new Set(codes);
    const holds = new Set<number>();
    for (const code of wanted) for (const t of holdersOf(g, code)) holds.add(t);
    const v = g.indexOf(viewerId) ?? -1;
    const rows: TargetEdgeRow[] = [];
    for (const key of middleKeys) {
      const m = g.indexOfKey(key);
      if (m === undefined) continue;
      const e = g.view(m);
      let state: BrokerState | null = null;
      for (let at = e.from; at < e.to; at++) {
        const t = e.nbr[at];
        if (!holds.has(t) || t === v || !usable(e.fl[at], m, t, v) || !g.doesWork(t, wanted, viewerId)) continue;
        state ??= g.state(m, viewerId, nowMs);
        rows.push({ a: key, b: g.keyOf(t), strength: e.str[at], last: lastOf(e.last[at]), ...state });
      }
    }
    return rows;
  }

  stepEdges(viewerId: string, pairs: [string, string][]): Promise<StepEdgeRow[]> {
    return this.g.stepEdges(viewerId, pairs);
  }

  stepPeople(viewerId: string, keys: string[], codes: string[]): Promise<StepPersonRow[]> {
    return this.g.stepPeople(viewerId, keys, codes);
  }
}

/** Everyone holding a current role doing the code, lent or not (a person may appear twice). */
function holdersOf(g: PathGraph, code: string): number[] {
  const { lent, other } = g.holders(code);
  return [...lent, ...[...other].map(([p]) => p)];
}
