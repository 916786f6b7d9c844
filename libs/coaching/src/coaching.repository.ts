import { Inject, Injectable } from '@nestjs/common';
import { Neo4jService, runRows } from '#libs/graph';
import type { IntroOutcome } from '#libs/introductions';
import { ACCOUNT_PERSON_VIEW, type PersonView } from '#libs/network';
import type { NoteVisibility } from './coaching.types.js';
import type { NudgeData } from './coach-notice.messages.js';

/** What the graph says about a member's progress; reach comes from the path engine. */
export interface ProgressRow {
  memberId: string;
  networkSize: number;
  networkGrowth30d: number;
  introsRequested: number;
  introsMade: number;
  meetings: number;
  outcomes: IntroOutcome[];
  lastActivityMs: number | null;
  lastNudge: { at: string; stalledSince: number } | null;
  cachedReach: number | null;
  reachComputedMs: number | null;
  coachId: string | null;
  declineNotes: string[];
}

export interface NudgeRow extends NudgeData {
  coachId: string;
}

export interface NoteRow {
  id: string;
  memberId: string;
  authorId: string;
  body: string;
  visibility: NoteVisibility;
  createdAt: string;
  updatedAt: string | null;
}

const NOTE = `{id: n.id, memberId: n.memberId, authorId: n.authorId, body: n.body, visibility: n.visibility, createdAt: toString(n.createdAt), updatedAt: toString(n.updatedAt)}`;

/**
 * Activity a coach would recognise: contacts added or updated, introductions requested or moved
 * on, events attended, the account's own settings. Expects `m` (the member) in scope.
 */
const LAST_ACTIVITY = `
  reduce(latest = null, t IN [
      m.accountCreatedAt.epochMillis,
      head(COLLECT { MATCH (m)-[k:KNOWS {recordedBy: m.id}]->() RETURN k.createdAt.epochMillis AS t ORDER BY t DESC LIMIT 1 }),
      head(COLLECT { MATCH (m)-[:REQUESTED]->(r:IntroRequest) RETURN r.updatedAt.epochMillis AS t ORDER BY t DESC LIMIT 1 }),
      head(COLLECT { MATCH (m)-[:ATTENDED]->(e:Event) RETURN e.startsAt.epochMillis AS t ORDER BY t DESC LIMIT 1 })
    ] | CASE WHEN t IS NULL THEN latest WHEN latest IS NULL OR t > latest THEN t ELSE latest END)`;

const PROGRESS = `
  m.id AS memberId,
  COUNT { (m)-[:KNOWS {recordedBy: m.id}]->() } AS networkSize,
  COUNT { MATCH (m)-[k:KNOWS {recordedBy: m.id}]->() WHERE k.createdAt >= datetime() - duration('P30D') } AS networkGrowth30d,
  COUNT { (m)-[:REQUESTED]->(:IntroRequest) } AS introsRequested,
  COUNT { MATCH (m)-[:REQUESTED]->(r:IntroRequest) WHERE r.status IN ['INTRODUCED', 'MET', 'CLOSED'] AND EXISTS { (r)-[:HAS_EVENT]->(:IntroEvent {kind: 'INTRODUCED'}) } } AS introsMade,
  COUNT { MATCH (m)-[:REQUESTED]->(r:IntroRequest) WHERE EXISTS { (r)-[:HAS_EVENT]->(:IntroEvent {kind: 'MET'}) } } AS meetings,
  COLLECT { MATCH (m)-[:REQUESTED]->(r:IntroRequest) WHERE r.outcome IS NOT NULL RETURN r.outcome ORDER BY r.updatedAt } AS outcomes,
  ${LAST_ACTIVITY} AS lastActivityMs,
  head(COLLECT { MATCH (n:Nudge {memberId: m.id}) RETURN {at: toString(n.createdAt), stalledSince: n.stalledSince} ORDER BY n.createdAt DESC LIMIT 1 }) AS lastNudge,
  m.reachToGoalWork AS cachedReach, m.reachComputedAt.epochMillis AS reachComputedMs,
  head(COLLECT { MATCH (c:Person)-[:COACHES]->(m) RETURN c.id }) AS coachId,
  COLLECT { MATCH (m)-[:REQUESTED]->(:IntroRequest)-[:HAS_EVENT]->(e:IntroEvent {kind: 'DECLINED', shareWithCoach: true})
            WHERE e.note IS NOT NULL RETURN e.note ORDER BY e.at DESC } AS declineNotes`;

/** All Cypher for coaching. */
@Injectable()
export class CoachingRepository {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  /** Members as a coach or admin sees them: account holders they have a standing reason to know (their own name, declared work). */
  people(viewerId: string, ids: string[]): Promise<{ id: string; person: PersonView }[]> {
    return this.neo4j.readRows(
      `UNWIND $ids AS pid
       MATCH (p:Person {id: pid})
       OPTIONAL MATCH (:Person {id: $viewerId})-[k:KNOWS {recordedBy: $viewerId}]->(p)
       WITH p, head(collect(k)) AS k
       RETURN p.id AS id, ${ACCOUNT_PERSON_VIEW} AS person`,
      { viewerId, ids },
    );
  }

  async roles(personId: string): Promise<string[] | null> {
    const [row] = await this.neo4j.readRows<{ roles: string[] }>(`MATCH (a:Person {id: $personId}) WHERE a:Account RETURN a.roles AS roles`, { personId });
    return row?.roles ?? null;
  }

  async coachOf(memberId: string): Promise<string | null> {
    const [row] = await this.neo4j.readRows<{ coachId: string }>(`MATCH (c:Person)-[:COACHES]->(:Person {id: $memberId}) RETURN c.id AS coachId LIMIT 1`, {
      memberId,
    });
    return row?.coachId ?? null;
  }

  async progress(memberIds: string[]): Promise<ProgressRow[]> {
    if (!memberIds.length) return [];
    return this.neo4j.readRows<ProgressRow>(`UNWIND $memberIds AS mid MATCH (m:Person {id: mid}) RETURN ${PROGRESS}`, { memberIds });
  }

  /** The coach's members with their last activity, for ordering the caseload (stalled, then least recent, first). */
  async caseload(coachId: string, defaultCapacity: number) {
    const [row] = await this.neo4j.readRows<{ capacity: number; members: { id: string; lastActivityMs: number | null }[] }>(
      `MATCH (c:Person {id: $coachId})
       RETURN coalesce(c.coachCapacity, $defaultCapacity) AS capacity,
              COLLECT { MATCH (c)-[:COACHES]->(m:Person) RETURN {id: m.id, lastActivityMs: ${LAST_ACTIVITY}} AS member } AS members`,
      { coachId, defaultCapacity },
    );
    return row ?? { capacity: defaultCapacity, members: [] };
  }

  async storeReach(memberId: string, reach: number): Promise<string> {
    const [row] = await this.neo4j.writeRows<{ at: string }>(
      `MATCH (m:Person {id: $memberId}) SET m.reachToGoalWork = $reach, m.reachComputedAt = datetime() RETURN toString(m.reachComputedAt) AS at`,
      { memberId, reach },
    );
    return row?.at ?? new Date().toISOString();
  }

  /** Coached members whose cached reach is missing or older than `olderThanMs`, oldest first. */
  async staleReach(olderThanMs: number, limit: number): Promise<string[]> {
    const rows = await this.neo4j.readRows<{ id: string }>(
      `MATCH (:Person)-[:COACHES]->(m:Person)
       WHERE m.reachComputedAt IS NULL OR m.reachComputedAt.epochMillis < $olderThanMs
       RETURN m.id AS id ORDER BY m.reachComputedAt LIMIT toInteger($limit)`,
      { olderThanMs, limit },
    );
    return rows.map((r) => r.id);
  }

  /**
   * One nudge per stall: a member whose last activity is older than the window gets a Nudge keyed
   * by that activity time, so later runs find it and make no other until the member acts again.
   */
  async markStalled(staleBeforeMs: number): Promise<number> {
    const [row] = await this.neo4j.writeRows<{ created: number }>(
      `MATCH (c:Person)-[:COACHES]->(m:Person)
       WITH c, m, ${LAST_ACTIVITY} AS last
       WHERE last IS NULL OR last < $staleBeforeMs
       WITH c, m, coalesce(last, 0) AS last
       MERGE (n:Nudge {key: m.id + '@' + toString(last)})
         ON CREATE SET n.coachId = c.id, n.memberId = m.id, n.stalledSince = last, n.createdAt = datetime(), n.fresh = true
       WITH n, n.fresh AS fresh
       REMOVE n.fresh
       RETURN count(CASE WHEN fresh THEN 1 END) AS created`,
      { staleBeforeMs },
    );
    return row?.created ?? 0;
  }

  /** Nudges whose coach has not been told yet. */
  unsent(limit: number): Promise<NudgeRow[]> {
    return this.neo4j.readRows<NudgeRow>(
      `MATCH (n:Nudge) WHERE n.notifiedAt IS NULL
       MATCH (c:Person {id: n.coachId}), (m:Person {id: n.memberId})
       RETURN n.key AS key, c.id AS coachId, m.id AS memberId, c.accountEmail AS coachEmail, c.displayName AS coachName, c.timeZone AS coachTimeZone,
              m.displayName AS memberName, n.stalledSince AS stalledSince
       LIMIT toInteger($limit)`,
      { limit },
    );
  }

  async markSent(keys: string[]): Promise<void> {
    await this.neo4j.writeRows(`UNWIND $keys AS key MATCH (n:Nudge {key: key}) SET n.notifiedAt = datetime()`, { keys });
  }

  /** Every coach's load against capacity (for admins: a workload measure, not a target). */
  workloads(defaultCapacity: number): Promise<{ coachId: string; capacity: number; load: number }[]> {
    return this.neo4j.readRows(
      `MATCH (c:Person:Account) WHERE 'COACH' IN c.roles
       RETURN c.id AS coachId, coalesce(c.coachCapacity, $defaultCapacity) AS capacity, COUNT { (c)-[:COACHES]->() } AS load
       ORDER BY load DESC, c.id`,
      { defaultCapacity },
    );
  }

  async note(id: string): Promise<NoteRow | null> {
    const [row] = await this.neo4j.readRows<{ note: NoteRow }>(`MATCH (n:CoachNote {id: $id}) RETURN ${NOTE} AS note`, { id });
    return row?.note ?? null;
  }

  async addNote(note: { id: string; memberId: string; authorId: string; body: string; visibility: NoteVisibility }): Promise<NoteRow> {
    const [row] = await this.neo4j.writeRows<{ note: NoteRow }>(
      `MATCH (a:Person {id: $authorId}), (m:Person {id: $memberId})
       CREATE (a)-[:WROTE]->(n:CoachNote {id: $id, memberId: $memberId, authorId: $authorId, body: $body, visibility: $visibility, createdAt: datetime()})-[:ABOUT]->(m)
       RETURN ${NOTE} AS note`,
      note,
    );
    return row.note;
  }

  /** Notes about a member, newest first: all of the author's own, or only the shared ones; with how many there are in all. */
  notes(
    memberId: string,
    p: { authorId: string | null; sharedOnly: boolean; first: number; after: [number, string] | null },
  ): Promise<{ rows: (NoteRow & { ms: number })[]; totalCount: number }> {
    const filter = `MATCH (n:CoachNote)-[:ABOUT]->(:Person {id: $memberId})
       WHERE ($authorId IS NULL OR n.authorId = $authorId) AND (NOT $sharedOnly OR n.visibility = 'SHARED_WITH_MEMBER')`;
    return this.neo4j.read(async (tx) => {
      const rows = await runRows<{ note: NoteRow; ms: number }>(
        tx,
        `${filter}
         WITH n, n.createdAt.epochMillis AS ms
         WHERE $after IS NULL OR ms < $after[0] OR (ms = $after[0] AND n.id < $after[1])
         RETURN ${NOTE} AS note, ms
         ORDER BY ms DESC, n.id DESC LIMIT toInteger($first)`,
        { memberId, ...p },
      );
      const [count] = await runRows<{ n: number }>(tx, `${filter} RETURN count(n) AS n`, { memberId, ...p });
      return { rows: rows.map((r) => ({ ...r.note, ms: r.ms })), totalCount: count.n };
    });
  }

  /** Changes a note's body or visibility, only for its author; null when there is no such note of theirs. */
  async updateNote(id: string, authorId: string, changes: { body: string | null; visibility: NoteVisibility | null }): Promise<NoteRow | null> {
    const [row] = await this.neo4j.writeRows<{ note: NoteRow }>(
      `MATCH (n:CoachNote {id: $id}) WHERE n.authorId = $authorId
       SET n.body = coalesce($body, n.body), n.visibility = coalesce($visibility, n.visibility), n.updatedAt = datetime()
       RETURN ${NOTE} AS note`,
      { id, authorId, ...changes },
    );
    return row?.note ?? null;
  }

  /** Deletes a note, only for its author; false when there is no such note of theirs. */
  async deleteNote(id: string, authorId: string): Promise<boolean> {
    const [row] = await this.neo4j.writeRows<{ deleted: number }>(
      `OPTIONAL MATCH (n:CoachNote {id: $id}) WHERE n.authorId = $authorId
       WITH n, CASE WHEN n IS NULL THEN 0 ELSE 1 END AS deleted
       DETACH DELETE n
       RETURN deleted`,
      { id, authorId },
    );
    return row?.deleted === 1;
  }
}
