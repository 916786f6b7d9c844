import type { BrokerState } from '#libs/paths';

const DAY = 86_400_000;

export interface NodeFields {
  account: boolean;
  capacity: number | null;
  openAsks: number;
  awayUntil: number | null;
  askLog: number[] | null;
  unansweredLog: number[] | null;
}

export interface BrokerFields {
  line: number;
  declines: { m: string; at: number }[];
  open: string[];
  asked: { r: string; at: number | null }[];
}

/** Every person's broker state by index: what the search weighs to judge a broker's availability. */
export class BrokerTable {
  private account = new Uint8Array(1024);
  private capacity = new Float64Array(1024);
  private openAsks = new Int32Array(1024);
  private away = new Float64Array(1024);
  private line = new Int32Array(1024);
  private readonly askLog = new Map<number, number[]>();
  private readonly unansweredLog = new Map<number, number[]>();
  private readonly declines = new Map<number, { m: string; at: number }[]>();
  private readonly open = new Map<number, string[]>();
  private readonly asked = new Map<number, { r: string; at: number | null }[]>();

  /** A new person: no capacity set, not away. */
  init(i: number): void {
    if (i >= this.account.length) this.grow(i + 1);
    this.capacity[i] = NaN;
    this.away[i] = NaN;
  }

  setNode(i: number, n: NodeFields): void {
    this.account[i] = n.account ? 1 : 0;
    this.capacity[i] = n.capacity ?? NaN;
    this.openAsks[i] = n.openAsks;
    this.away[i] = n.awayUntil ?? NaN;
    setOrDelete(this.askLog, i, n.askLog ?? []);
    setOrDelete(this.unansweredLog, i, n.unansweredLog ?? []);
  }

  setBroker(i: number, b: BrokerFields): void {
    this.line[i] = b.line;
    setOrDelete(this.declines, i, b.declines);
    setOrDelete(this.open, i, b.open);
    setOrDelete(this.asked, i, b.asked);
  }

  /** Build only: broker relations arrive one row at a time. */
  addRow(i: number, row: { line?: number; decline?: { m: string; at: number }; open?: string; asked?: { r: string; at: number | null } }): void {
    if (row.line !== undefined) this.line[i] = row.line;
    if (row.decline) push(this.declines, i, row.decline);
    if (row.open !== undefined) push(this.open, i, row.open);
    if (row.asked) push(this.asked, i, row.asked);
  }

  clear(i: number): void {
    this.setBroker(i, { line: 0, declines: [], open: [], asked: [] });
    this.askLog.delete(i);
    this.unansweredLog.delete(i);
  }

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

  bytes(): number {
    return this.account.byteLength + this.capacity.byteLength + this.openAsks.byteLength + this.away.byteLength + this.line.byteLength;
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
