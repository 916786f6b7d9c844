import type { BrokerState, GraphAnswer, GraphQuery, IndexSource, StepEdgeRow, StepPersonRow } from '#libs/paths';
import { BrokerTable, type BrokerFields, type NodeFields } from './broker-table.js';
import { GraphSearch, LENT, NEIGHBOUR, OWNER, START, usable, type SearchableGraph } from './graph-search.js';
import { HalfEdges, lastOf, type EdgeSlice, type EdgeView } from './half-edges.js';
import { RoleTable, type RoleRecord } from './role-table.js';
import { StringTable } from './string-table.js';

/** A person's path data as read from Neo4j (a whole person, so applying it twice changes nothing). */
export interface PersonRecord {
  id: string;
  /** Null when the person no longer exists (erased, suppressed, merged away). */
  key: string | null;
  account: boolean;
  volunteer: boolean;
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
  roles: RoleRecord[];
  edges: { q: string; qKey: string; rec: string; lent: boolean; strength: number | null; last: number | null; context: string | null; out: boolean }[];
}

/** A person's broker state alone (a change that touched nothing else). */
export type StateRecord = Omit<PersonRecord, 'volunteer' | 'roles' | 'edges' | 'key'> & { key: string };

/**
 * The usable-path data of the whole graph in one process: people by index, their relationships as
 * half-edges (see HalfEdges), current work codes and broker state. It runs PathsService's search
 * whole (GraphSearch) and describes the chosen paths with the same rows as PathsRepository.
 */
export class PathGraph implements IndexSource, SearchableGraph {
  /** Person ids and Neo4j element ids by index; an index is never reused (a removed person's stays empty). */
  private readonly idTable = new StringTable();
  private readonly keyTable = new StringTable();
  private next = 0;
  private volunteer = new Uint8Array(1024);
  private readonly brokers = new BrokerTable();
  private readonly roles = new RoleTable();
  /** Relationship contexts by code (0: none), as held per half-edge. */
  private readonly contexts: (string | null)[] = [null];
  private readonly contextCodes = new Map<string, number>();
  readonly edges = new HalfEdges();
  private readonly searcher = new GraphSearch(this);

  get people(): number {
    return this.idTable.size;
  }

  /** Indexes handed out so far (removed people's included): the size of per-person tables. */
  get slots(): number {
    return this.next;
  }

  /** The person's index, allocated when new. */
  ensure(id: string, key: string): number {
    let i = this.idTable.find(id);
    if (i !== undefined) {
      if (this.keyTable.find(key) !== i) this.setKey(i, key);
      return i;
    }
    i = this.next++;
    this.idTable.set(i, id);
    this.setKey(i, key);
    if (i >= this.volunteer.length) {
      const wider = new Uint8Array(Math.max(i + 1, this.volunteer.length * 2));
      wider.set(this.volunteer);
      this.volunteer = wider;
    }
    this.brokers.init(i);
    return i;
  }

  /** Neo4j may give a deleted node's element id to a new one: the key moves to the person who holds it now. */
  private setKey(i: number, key: string): void {
    const stale = this.keyTable.find(key);
    if (stale !== undefined) this.keyTable.delete(stale);
    this.keyTable.set(i, key);
  }

  indexOf(id: string): number | undefined {
    return this.idTable.find(id);
  }

  indexOfKey(key: string): number | undefined {
    return this.keyTable.find(key);
  }

  idOf(i: number): string {
    return this.idTable.get(i);
  }

  keyOf(i: number): string {
    return this.keyTable.get(i);
  }

  /** Orders two people by element id without making strings (the search's tie-break). */
  compareKeys(a: number, b: number): number {
    return this.keyTable.compare(a, b);
  }

  setNode(i: number, n: NodeFields & { volunteer: boolean }): void {
    this.volunteer[i] = n.volunteer ? 1 : 0;
    this.brokers.setNode(i, n);
  }

  setRoles(i: number, roles: RoleRecord[]): void {
    this.roles.set(i, roles);
  }

  addRole(i: number, role: RoleRecord): void {
    this.roles.add(i, role);
  }

  /** The code of a relationship context, allocated when new (at most 255 distinct contexts). */
  contextCode(context: string | null): number {
    if (context === null) return 0;
    let code = this.contextCodes.get(context);
    if (code === undefined) {
      if (this.contexts.length > 255) throw new Error('more than 255 relationship contexts');
      code = this.contexts.length;
      this.contexts.push(context);
      this.contextCodes.set(context, code);
    }
    return code;
  }

  setBroker(i: number, b: BrokerFields): void {
    this.brokers.setBroker(i, b);
  }

  /** Build only: broker relations arrive one row at a time. */
  addBrokerRow(i: number, row: { line?: number; decline?: { m: string; at: number }; open?: string; asked?: { r: string; at: number | null } }): void {
    this.brokers.addRow(i, row);
  }

  /**
   * Applies whole-person records. A person's relationships replace theirs and, mirrored, the
   * matching entries of each neighbour's list, so a change recorded for either end is enough.
   * Returns the ids of neighbours first seen here, whose own data must be read too.
   */
  apply(records: PersonRecord[]): string[] {
    const unseen: string[] = [];
    for (const r of records) {
      const existing = this.idTable.find(r.id);
      if (r.key === null) {
        if (existing !== undefined) this.remove(existing);
        continue;
      }
      const p = this.ensure(r.id, r.key);
      this.setNode(p, {
        account: r.account,
        volunteer: r.volunteer,
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
        const known = this.idTable.find(e.q) !== undefined;
        const q = this.ensure(e.q, e.qKey);
        if (!known) unseen.push(e.q);
        list.push({
          nbr: q,
          str: e.strength ?? 0,
          last: e.last ?? NaN,
          fl: (e.rec === r.id ? OWNER : e.rec === e.q ? NEIGHBOUR : 0) | (e.lent ? LENT : 0) | (e.out ? START : 0),
          ctx: this.contextCode(e.context),
        });
      }
      this.edges.replace(p, list);
    }
    return unseen;
  }

  /** Folds patched people back into the compressed rows once they are many; the caller applies nothing until it returns. */
  compact(): Promise<boolean> {
    return this.edges.compactIfNeeded(this.next);
  }

  /** Applies broker state alone; returns the ids of people not held yet, whose whole record must be read. */
  applyStates(records: StateRecord[]): string[] {
    const unseen: string[] = [];
    for (const r of records) {
      const p = this.idTable.find(r.id);
      if (p === undefined) {
        unseen.push(r.id);
        continue;
      }
      this.brokers.setNode(p, r);
      this.brokers.setBroker(p, r);
    }
    return unseen;
  }

  private remove(i: number): void {
    this.edges.replace(i, []);
    this.setRoles(i, []);
    this.brokers.clear(i);
    this.idTable.delete(i);
    this.keyTable.delete(i);
  }

  /** Bytes held in typed arrays (relationships, ids, per-person numbers, the search's working memory); roles and broker lists come on top. */
  arrayBytes(): number {
    return this.edges.bytes() + this.idTable.bytesHeld() + this.keyTable.bytesHeld() + this.volunteer.byteLength + this.brokers.bytes() + this.searcher.bytes();
  }

  // ---- The questions PathsRepository answers, answered from memory. ----

  /** A broker's state as the viewer's search weighs it (the same fields, windows and rules as the Cypher). */
  state(x: number, viewerId: string, nowMs: number): BrokerState {
    return this.brokers.state(x, viewerId, nowMs);
  }

  view(p: number): EdgeSlice {
    return this.edges.view(p);
  }

  degree(p: number): number {
    return this.edges.degree(p);
  }

  holders(code: string): { lent: Iterable<number>; other: Iterable<[number, string]> } {
    return this.roles.holders(code);
  }

  /** Whether t does one of the codes in a role the viewer may use. */
  doesWork(t: number, codes: Set<string>, viewerId: string): boolean {
    return this.roles.doesWork(t, codes, viewerId);
  }

  search(q: GraphQuery): GraphAnswer {
    return this.searcher.search(q);
  }

  // ---- Describing the chosen paths, as PathsRepository.stepEdges and stepPeople do. ----

  /** Every usable relationship between each pair (either direction), with its context and whether a volunteer recorded it. */
  async stepEdges(viewerId: string, pairs: [string, string][]): Promise<StepEdgeRow[]> {
    const v = this.idTable.find(viewerId) ?? -1;
    const rows: StepEdgeRow[] = [];
    for (const [aKey, bKey] of pairs) {
      const x = this.keyTable.find(aKey);
      const y = this.keyTable.find(bKey);
      if (x === undefined || y === undefined) continue;
      const e = this.edges.view(x);
      for (let at = e.from; at < e.to; at++) {
        if (e.nbr[at] !== y || !usable(e.fl[at], x, y, v)) continue;
        const start = (e.fl[at] & START) !== 0 ? x : y;
        rows.push({
          a: aKey,
          b: bKey,
          strength: e.str[at],
          last: lastOf(e.last[at]),
          context: this.contexts[e.ctx[at]] as string,
          byVolunteer: this.volunteer[start] === 1,
        });
      }
    }
    return rows;
  }

  /**
   * The people on the chosen paths: work and whether they volunteer from memory. The view of the
   * viewer's own contacts (the label they gave, their notes on work) is not held here: those rows
   * come back with `needsView`, for the caller to read.
   */
  async stepPeople(viewerId: string, keys: string[], codes: string[]): Promise<StepPersonRow[]> {
    const v = this.idTable.find(viewerId);
    const wanted = new Set(codes);
    const mine = new Set<number>();
    if (v !== undefined) {
      const e = this.edges.view(v);
      for (let at = e.from; at < e.to; at++) if ((e.fl[at] & (OWNER | START)) === (OWNER | START)) mine.add(e.nbr[at]);
    }
    const rows: StepPersonRow[] = [];
    for (const key of keys) {
      const p = this.keyTable.find(key);
      if (p === undefined) continue;
      rows.push({
        key,
        id: this.idTable.get(p),
        person: null,
        needsView: mine.has(p),
        isVolunteer: this.volunteer[p] === 1,
        work: this.roles.workOf(p, wanted, viewerId),
      });
    }
    return rows;
  }
}
