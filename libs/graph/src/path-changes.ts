import type { Tx } from './neo4j.service.js';

/** A committed change to path data: its place in the log and the people whose path data it touched. */
export interface PathChange {
  seq: number;
  people: string[];
  /** People whose broker state alone changed (asks, line, declines): their relationships and work need no re-read. */
  states?: string[];
  /** When the writing transaction recorded it, before its commit (ms since the epoch). */
  at?: number;
  /** In the writing process only: when it saw the commit succeed. */
  committedAt?: number;
  /** In the writing process only: whose own write it was (read your writes); the people named when not given. */
  by?: string[];
}

type CommitListener = (change: PathChange) => Promise<void>;

const listeners: CommitListener[] = [];
/** People named by a transaction attempt so far: written to the log as its last statement. */
const named = new WeakMap<Tx, Set<string>>();
/** People whose broker state alone a transaction attempt changed. */
const stateNamed = new WeakMap<Tx, Set<string>>();
/** Members whose own write the transaction is, when not (only) the people named. */
const actors = new WeakMap<Tx, Set<string>>();
/** The change a transaction attempt wrote, handed to the listeners only once it commits. */
const pending = new WeakMap<Tx, PathChange>();

/** Called (and awaited) after each committed change in this process: the path index relays it and notes it for read-your-writes. */
export function onPathChangeCommitted(listener: CommitListener): () => void {
  listeners.push(listener);
  return () => {
    const at = listeners.indexOf(listener);
    if (at >= 0) listeners.splice(at, 1);
  };
}

/**
 * Notes, in the write's own transaction, that these people's path data (relationships, current
 * work, lending, broker state) changed; `stateOnly` when only their broker state did (an ask, a
 * place in line, a decline), so replicas re-read that and not every relationship of a busy broker. A relationship is read from either end, so naming the end
 * with fewer relationships is enough when the other's own data did not change; `by` names the
 * member whose own write it is (their next search waits for it), when not among `personIds`.
 * The change is written as the transaction's last statement (see Neo4jService.write), so the log
 * counter's lock is held only while committing and never waits for another lock.
 */
export async function recordPathChange(tx: Tx, personIds: (string | null | undefined)[], by: string[] = [], opts: { stateOnly?: boolean } = {}): Promise<void> {
  const ids = personIds.filter((id): id is string => typeof id === 'string' && id.length > 0);
  if (!ids.length) return;
  const map = opts.stateOnly ? stateNamed : named;
  let set = map.get(tx);
  if (!set) map.set(tx, (set = new Set()));
  ids.forEach((id) => set.add(id));
  let who = actors.get(tx);
  if (!who) actors.set(tx, (who = new Set()));
  [...ids, ...by].forEach((id) => who.add(id));
}

/**
 * Neo4jService.write, after the work and before the commit: one log entry for everything the
 * transaction named. The counter's write lock orders path writes, so sequence numbers follow commit
 * order without gaps: a reader that sees seq n knows 1..n are committed.
 */
export async function writePathChange(tx: Tx): Promise<void> {
  const set = named.get(tx) ?? new Set<string>();
  const states = [...(stateNamed.get(tx) ?? [])].filter((id) => !set.has(id));
  named.delete(tx);
  stateNamed.delete(tx);
  if (!set.size && !states.length) return;
  const people = [...set];
  const by = [...(actors.get(tx) ?? [])];
  actors.delete(tx);
  const at = Date.now();
  const result = await tx.run<{ seq: number }>(
    `MERGE (l:PathLog {id: 'paths'}) ON CREATE SET l.seq = 0
     SET l.lockedAt = timestamp()
     SET l.seq = l.seq + 1
     CREATE (:PathChange {seq: l.seq, people: $people, states: $states, at: $at})
     RETURN l.seq AS seq`,
    { people, states, at },
  );
  pending.set(tx, { seq: Number(result.records[0].get('seq')), people, states, at, by });
}

/** Neo4jService.write: after a commit, the change written by the attempt that committed. */
export async function committed(tx: Tx): Promise<void> {
  const change = pending.get(tx);
  if (!change) return;
  pending.delete(tx);
  change.committedAt = Date.now();
  for (const listener of [...listeners]) {
    try {
      await listener(change);
    } catch {
      // The change is in the graph; the relay's poll carries it on.
    }
  }
}
