import type { Tx } from './neo4j.service.js';

/** A committed change to path data: its place in the log and the people whose path data it touched. */
export interface PathChange {
  seq: number;
  people: string[];
  /** When the writing transaction recorded it (ms since the epoch). */
  at?: number;
}

type CommitListener = (change: PathChange) => Promise<void>;

const listeners: CommitListener[] = [];
/** Changes recorded by a transaction attempt, handed to the listeners only once it commits. */
const pending = new WeakMap<Tx, PathChange[]>();

/** Called (and awaited) after each committed change in this process: the path index relays it and notes it for read-your-writes. */
export function onPathChangeCommitted(listener: CommitListener): () => void {
  listeners.push(listener);
  return () => {
    const at = listeners.indexOf(listener);
    if (at >= 0) listeners.splice(at, 1);
  };
}

/**
 * Records, in the write's own transaction, that these people's path data (relationships, current
 * work, lending, broker state) changed. The counter's write lock orders path writes, so sequence
 * numbers follow commit order without gaps: a reader that sees seq n knows 1..n are committed.
 */
export async function recordPathChange(tx: Tx, personIds: (string | null | undefined)[]): Promise<void> {
  const people = [...new Set(personIds.filter((id): id is string => typeof id === 'string' && id.length > 0))];
  if (!people.length) return;
  const result = await tx.run<{ seq: number }>(
    `MERGE (l:PathLog {id: 'paths'}) ON CREATE SET l.seq = 0
     SET l.lockedAt = timestamp()
     SET l.seq = l.seq + 1
     CREATE (:PathChange {seq: l.seq, people: $people, at: timestamp()})
     RETURN l.seq AS seq`,
    { people },
  );
  const seq = Number(result.records[0].get('seq'));
  const list = pending.get(tx) ?? [];
  list.push({ seq, people });
  pending.set(tx, list);
}

/** Neo4jService.write: after a commit, the changes recorded by the attempt that committed. */
export async function committed(tx: Tx): Promise<void> {
  const changes = pending.get(tx);
  if (!changes) return;
  pending.delete(tx);
  for (const change of changes) {
    for (const listener of [...listeners]) {
      try {
        await listener(change);
      } catch {
        // The change is in the graph; the relay's poll carries it on.
      }
    }
  }
}
