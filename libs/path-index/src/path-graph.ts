import type { BrokerState, EdgeRow, HopRow, PathSource, TargetEdgeRow } from '#libs/paths';
import { HalfEdges, type EdgeView } from './half-edges.js';

/** A person's path data as read from Neo4j (a whole person, so applying it twice changes nothing). */
export interface PersonRecord {
  id: string;
  /** Null when the person no longer exists (erased, suppressed, merged away). */
  key: string | null;
  account: boolean;
  capacity: number | null;
  openAsks: number;
  awayUntil: number | null;
  askLog: number[];
  /** When the broker left asks unanswered (ms since the epoch; the last 30 days count). */
  unansweredLog: number[];
  line: number;
  declines: { m: string; at: number }[];
  /** Requester id of each open ask or place in line with this person. */
  open: string[];
  asked: { r: string; at: number | null }[];
  roles: { code: string; rec: string; lent: boolean }[];
  edges: { q: string; qKey: string; rec: string; lent: boolean; strength: number | null; last: number | null }[];
}

interface Role {
  code: string;
  rec: string;
  lent: boolean;
}

const DAY = 86_400_000;
const OWNER = 1;
const NEIGHBOUR = 2;
const LENT = 4;

/**
 * The usable-path data of the whole graph in one process: people by index, their relationships as
 * half-edges (see HalfEdges), current work codes and broker state. It answers the same questions as
 * PathsRepository with the same rows, so the search, ranking and privacy rules stay one code path.
 */
export class PathGraph implements PathSource {
  readonly ids: string[] = [];
  readonly keys: string[] = [];
  private readonly byId = new Map<string, number>();
  private readonly byKey = new Map<string, number>();
  private account = new Uint8Array(1024);
  private capacity = new Float64Array(1024);
  private openAsks = new Int32Array(1024);
  private away = new Float64Array(1024);
  private line = new Int32Array(1024);
  private readonly roles: (Role[] | undefined)[] = [];
  private readonly holders = new Map<string, Set<number>>();
  private readonly askLog = new Map<number, number[]>();
  private readonly unansweredLog = new Map<number, number[]>();
  private readonly declines = new Map<number, { m: string; at: number }[]>();
  private readonly open = new Map<number, string[]>();
  private readonly asked = new Map<number, { r: string; at: number | null }[]>();
  readonly edges = new HalfEdges();

  get people(): number {
    return this.byId.size;
  }

  /** The person's index, allocated when new. */
  ensure(id: string, key: string): number {
    let i = this.byId.get(id);
    if (i !== undefined) {
      if (this.keys[i] !== key) {
        this.byKey.delete(this.keys[i]);
        this.keys[i] = key;
        this.byKey.set(key, i);
      }
      return i;
    }
    i = this.ids.length;
    this.ids.push(id);
    this.keys.push(key);
    this.roles.push(undefined);
    this.byId.set(id, i);
    this.byKey.set(key, i);
    if (i >= this.account.length) this.grow(i + 1);
    this.capacity[i] = NaN;
    this.away[i] = NaN;
    return i;
  }

  indexOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  indexOfKey(key: string): number | undefined {
    return this.byKey.get(key);
  }

  setNode(
    i: number,
    n: { account: boolean; capacity: number | null; openAsks: number; awayUntil: number | null; askLog: number[] | null; unansweredLog: number[] | null },
  ): void {
    this.account[i] = n.account ? 1 : 0;
    this.capacity[i] = n.capacity ?? NaN;
    this.openAsks[i] = n.openAsks;
    this.away[i] = n.awayUntil ?? NaN;
    if (n.askLog?.length) this.askLog.set(i, n.askLog);
    else this.askLog.delete(i);
    if (n.unansweredLog?.length) this.unansweredLog.set(i, n.unansweredLog);
    else this.unansweredLog.delete(i);
  }

  setRoles(i: number, roles: Role[]): void {
    for (const r of this.roles[i] ?? []) this.holders.get(r.code)?.delete(i);
    this.roles[i] = roles.length ? roles : undefined;
    for (const r of roles) {
      let set = this.holders.get(r.code);
      if (!set) this.holders.set(r.code, (set = new Set()));
      set.add(i);
    }
  }

  addRole(i: number, role: Role): void {
    this.setRoles(i, [...(this.roles[i] ?? []), role]);
  }

  setBroker(i: number, b: { line: number; declines: { m: string; at: number }[]; open: string[]; asked: { r: string; at: number | null }[] }): void {
    this.line[i] = b.line;
    setOrDelete(this.declines, i, b.declines);
    setOrDelete(this.open, i, b.open);
    setOrDelete(this.asked, i, b.asked);
  }

  /** Build only: broker relations arrive one row at a time. */
  addBrokerRow(i: number, row: { line?: number; decline?: { m: string; at: number }; open?: string; asked?: { r: string; at: number | null } }): void {
    if (row.line !== undefined) this.line[i] = row.line;
    if (row.decline) push(this.declines, i, row.decline);
    if (row.open !== undefined) push(this.open, i, row.open);
    if (row.asked) push(this.asked, i, row.asked);
  }

  /**
   * Applies whole-person records. A person's relationships replace theirs and, mirrored, the
   * matching entries of each neighbour's list, so a change recorded for either end is enough.
   * Returns the ids of neighbours first seen here, whose own data must be read too.
   */
  apply(records: PersonRecord[]): string[] {
    const unseen: string[] = [];
    for (const r of records) {
      const existing = this.byId.get(r.id);
      if (r.key === null) {
        if (existing !== undefined) this.remove(existing);
        continue;
      }
      const p = this.ensure(r.id, r.key);
      this.setNode(p, {
        account: r.account,
        capacity: r.capacity,
        openAsks: r.openAsks,
        awayUntil: r.awayUntil,
        askLog: r.askLog,
        unansweredLog: r.unansweredLog,
      });
      this.setRoles(p, r.roles);
      this.setBroker(p, r);
      const list: EdgeView[] = [];
      for (const e of r.edges) {
        if (e.q === r.id) continue;
        const known = this.byId.has(e.q);
        const q = this.ensure(e.q, e.qKey);
        if (!known) unseen.push(e.q);
        list.push({ nbr: q, str: e.strength ?? 0, last: e.last ?? NaN, fl: (e.rec === r.id ? OWNER : e.rec === e.q ? NEIGHBOUR : 0) | (e.lent ? LENT : 0) });
      }
      this.edges.replace(p, list);
    }
    this.edges.compactIfNeeded(this.ids.length);
    return unseen;
  }

  private remove(i: number): void {
    this.edges.replace(i, []);
    this.setRoles(i, []);
    this.setBroker(i, { line: 0, declines: [], open: [], asked: [] });
    this.askLog.delete(i);
    this.unansweredLog.delete(i);
    this.byId.delete(this.ids[i]);
    this.byKey.delete(this.keys[i]);
    this.ids[i] = '';
    this.keys[i] = '';
  }

  private grow(min: number): void {
    const size = Math.max(min, this.account.length * 2);
    const widen = <T extends Uint8Array | Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.account = widen(this.account, (n) => new Uint8Array(n));
    this.capacity = widen(this.capacity, (n) => new Float64Array(n));
    this.openAsks = widen(this.openAsks, (n) => new Int32Array(n));
    this.away = widen(this.away, (n) => new Float64Array(n));
    this.line = widen(this.line, (n) => new Int32Array(n));
  }

  /** Bytes held in typed arrays (relationships and per-person numbers); maps and strings come on top. */
  arrayBytes(): number {
    return this.edges.bytes() + this.account.byteLength + this.capacity.byteLength + this.openAsks.byteLength + this.away.byteLength + this.line.byteLength;
  }

  // ---- The questions PathsRepository answers, answered from memory. ----

  /** A broker's state as the viewer's search weighs it (the same fields, windows and rules as the Cypher). */
  state(x: number, viewerId: string, nowMs: number): BrokerState {
    const acc = this.account[x] === 1;
    let recentDeclines = 0;
    let viewerOpen = 0;
    let viewerWeek = 0;
    if (acc) {
      for (const d of this.declines.get(x) ?? []) if (d.m === viewerId && d.at > nowMs - 30 * DAY) recentDeclines++;
      for (const r of this.open.get(x) ?? []) if (r === viewerId) viewerOpen++;
      for (const a of this.asked.get(x) ?? []) if (a.r === viewerId && a.at !== null && a.at > nowMs - 7 * DAY) viewerWeek++;
    }
    let weekAsks = 0;
    for (const t of this.askLog.get(x) ?? []) if (t > nowMs - 7 * DAY) weekAsks++;
    let unanswered = 0;
    for (const t of this.unansweredLog.get(x) ?? []) if (t > nowMs - 30 * DAY) unanswered++;
    const capacity = this.capacity[x];
    const away = this.away[x];
    return {
      isAccount: acc,
      brokerCapacity: Number.isNaN(capacity) ? null : capacity,
      openAsks: this.openAsks[x],
      recentDeclines,
      unanswered,
      weekAsks,
      line: acc ? this.line[x] : 0,
      awayUntil: Number.isNaN(away) ? null : away,
      viewerOpen,
      viewerWeek,
    };
  }

  private usable(fl: number, owner: number, nbr: number, viewer: number): boolean {
    return (fl & LENT) !== 0 || ((fl & OWNER) !== 0 && owner === viewer) || ((fl & NEIGHBOUR) !== 0 && nbr === viewer);
  }

  private doesWork(t: number, codes: Set<string>, viewerId: string): boolean {
    const roles = this.roles[t];
    if (!roles) return false;
    for (const r of roles) if (codes.has(r.code) && (r.lent || r.rec === viewerId)) return true;
    return false;
  }

  async hop1(viewerId: string, nowMs: number): Promise<(HopRow & { degree: number })[]> {
    const v = this.byId.get(viewerId);
    if (v === undefined) return [];
    const e = this.edges.view(v);
    const rows: (HopRow & { degree: number })[] = [];
    for (let at = e.from; at < e.to; at++) {
      const x = e.nbr[at];
      if (x === v || !this.usable(e.fl[at], v, x, v)) continue;
      rows.push({
        a: this.keys[v],
        b: this.keys[x],
        strength: e.str[at],
        last: lastOf(e.last[at]),
        ...this.state(x, viewerId, nowMs),
        degree: this.edges.degree(x),
      });
    }
    return rows;
  }

  async hop2(viewerKey: string, brokerKeys: string[], perBrokerLimit: number): Promise<EdgeRow[]> {
    const rows: EdgeRow[] = [];
    const v = this.byKey.get(viewerKey);
    for (const key of brokerKeys) {
      const x = this.byKey.get(key);
      if (x === undefined) continue;
      const e = this.edges.view(x);
      let n = 0;
      for (let at = e.from; at < e.to && n < perBrokerLimit; at++) {
        if ((e.fl[at] & LENT) === 0 || e.nbr[at] === v) continue;
        rows.push({ a: key, b: this.keys[e.nbr[at]], strength: e.str[at], last: lastOf(e.last[at]) });
        n++;
      }
    }
    return rows;
  }

  async keyOf(personId: string): Promise<string | null> {
    const i = this.byId.get(personId);
    return i === undefined ? null : this.keys[i];
  }

  async targetSide(
    viewerId: string,
    codes: string[],
    cap: number,
    middleKeys: string[],
    nowMs: number,
  ): Promise<{ tooMany: boolean; targets: string[]; edges: TargetEdgeRow[] }> {
    const wanted = new Set(codes);
    const targets = new Set<number>();
    for (const code of wanted) {
      for (const t of this.holders.get(code) ?? []) {
        if (targets.has(t) || this.ids[t] === viewerId || !this.doesWork(t, wanted, viewerId)) continue;
        targets.add(t);
        if (targets.size > cap) return { tooMany: true, targets: [], edges: [] };
      }
    }
    const keys = [...targets].map((t) => this.keys[t]);
    return { tooMany: false, targets: keys, edges: await this.targetEdges(viewerId, keys, middleKeys, nowMs) };
  }

  async targetEdges(viewerId: string, targetKeys: string[], middleKeys: string[], nowMs: number): Promise<TargetEdgeRow[]> {
    const middle = this.indexSet(middleKeys);
    const v = this.byId.get(viewerId) ?? -1;
    const states = new Map<number, BrokerState>();
    const rows: TargetEdgeRow[] = [];
    for (const key of targetKeys) {
      const t = this.byKey.get(key);
      if (t === undefined) continue;
      const e = this.edges.view(t);
      for (let at = e.from; at < e.to; at++) {
        const m = e.nbr[at];
        if (!middle.has(m) || !this.usableBy(e.fl[at], t, m, v)) continue;
        rows.push({ a: this.keys[m], b: key, strength: e.str[at], last: lastOf(e.last[at]), ...this.stateOnce(states, m, viewerId, nowMs) });
      }
    }
    return rows;
  }

  async frontierTargetEdges(viewerId: string, middleKeys: string[], codes: string[], nowMs: number): Promise<TargetEdgeRow[]> {
    const wanted = new Set(codes);
    const v = this.byId.get(viewerId) ?? -1;
    const rows: TargetEdgeRow[] = [];
    for (const key of middleKeys) {
      const m = this.byKey.get(key);
      if (m === undefined) continue;
      const e = this.edges.view(m);
      let state: BrokerState | null = null;
      for (let at = e.from; at < e.to; at++) {
        const t = e.nbr[at];
        if (t === v || !this.usableBy(e.fl[at], m, t, v) || !this.doesWork(t, wanted, viewerId)) continue;
        state ??= this.state(m, viewerId, nowMs);
        rows.push({ a: key, b: this.keys[t], strength: e.str[at], last: lastOf(e.last[at]), ...state });
      }
    }
    return rows;
  }

  /** Usable by the viewer (index -1 when the viewer is not in the graph: then only lent edges). */
  private usableBy(fl: number, owner: number, nbr: number, viewer: number): boolean {
    return this.usable(fl, owner, nbr, viewer);
  }

  private stateOnce(states: Map<number, BrokerState>, m: number, viewerId: string, nowMs: number): BrokerState {
    let s = states.get(m);
    if (!s) states.set(m, (s = this.state(m, viewerId, nowMs)));
    return s;
  }

  private indexSet(keys: string[]): Set<number> {
    const set = new Set<number>();
    for (const k of keys) {
      const i = this.byKey.get(k);
      if (i !== undefined) set.add(i);
    }
    return set;
  }
}

function lastOf(ms: number): number | null {
  return Number.isNaN(ms) ? null : ms;
}

function setOrDelete<T>(map: Map<number, T[]>, i: number, list: T[]): void {
  if (list.length) map.set(i, list);
  else map.delete(i);
}

function push<T>(map: Map<number, T[]>, i: number, item: T): void {
  const list = map.get(i);
  if (list) list.push(item);
  else map.set(i, [item]);
}
