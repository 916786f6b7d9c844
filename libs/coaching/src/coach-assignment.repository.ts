import { Inject, Injectable } from '@nestjs/common';
import { Neo4jService, runRows, type Tx } from '#libs/graph';
import type { InvitationStatus, NoticeKind } from './coach-notice.messages.js';

export interface InvitationRow {
  id: string;
  coachId: string;
  memberId: string;
  status: InvitationStatus;
  createdAt: string;
  respondedAt: string | null;
}

export interface PlannedNotice {
  id: string;
  kind: NoticeKind;
  recipientId: string;
}

const INVITATION = `{id: i.id, coachId: i.coachId, memberId: i.memberId, status: i.status, createdAt: toString(i.createdAt), respondedAt: toString(i.respondedAt)}`;

/**
 * Moves the member to the coach (ending any other coach's assignment), closes the member's pending
 * invitations (the one accepted, if any, as ACCEPTED; the rest as SUPERSEDED) and returns the
 * previous coach. Runs inside the caller's transaction, after the coach was locked.
 */
const ASSIGN = `
  MATCH (m:Person {id: $memberId})
  OPTIONAL MATCH (old:Person)-[o:COACHES]->(m)
  WITH m, collect(old.id) AS oldIds, collect(o) AS olds
  FOREACH (r IN olds | DELETE r)
  WITH m, oldIds
  MATCH (c:Person {id: $coachId})
  CREATE (c)-[:COACHES {since: datetime(), assignedBy: $assignedBy, overCapacity: $over, via: $via}]->(m)
  WITH m, oldIds
  OPTIONAL MATCH (i:CoachInvitation {memberId: m.id, status: 'PENDING'})
  FOREACH (x IN CASE WHEN i IS NULL THEN [] ELSE [i] END |
    SET x.status = CASE WHEN x.id = $invitationId THEN 'ACCEPTED' ELSE 'SUPERSEDED' END, x.respondedAt = datetime()
    REMOVE x.pendingKey)
  RETURN DISTINCT head(oldIds) AS oldCoachId`;

/** Cypher for coach invitations, assignments and the notices they send (notices are written in the change's own transaction). */
@Injectable()
export class CoachAssignmentRepository {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  /**
   * Assigns with the coach locked, so two assignments cannot both take the last place; 'full' when
   * the coach is at capacity and no override was given. `notices` decides who is told, given the
   * previous coach; they are written in the same transaction.
   */
  assign(
    p: {
      memberId: string;
      coachId: string;
      assignedBy: string;
      override: boolean;
      via: 'ADMIN' | 'INVITATION';
      invitationId: string | null;
      defaultCapacity: number;
    },
    notices: (oldCoachId: string | null) => PlannedNotice[],
  ): Promise<{ result: 'assigned' | 'already' | 'full' | 'gone'; notices: string[] }> {
    return this.neo4j.write(async (tx) => {
      const [row] = await runRows<{ already: boolean; load: number; capacity: number; pending: boolean }>(
        tx,
        `MATCH (c:Person {id: $coachId}) WHERE c:Account
         SET c._lock = true REMOVE c._lock
         WITH c
         MATCH (m:Person {id: $memberId})
         RETURN EXISTS { (c)-[:COACHES]->(m) } AS already, COUNT { (c)-[:COACHES]->() } AS load,
                coalesce(c.coachCapacity, $defaultCapacity) AS capacity,
                $invitationId IS NULL OR EXISTS { MATCH (i:CoachInvitation {id: $invitationId}) WHERE i.status = 'PENDING' } AS pending`,
        p,
      );
      if (!row || !row.pending) return { result: 'gone' as const, notices: [] };
      if (row.already) return { result: 'already' as const, notices: [] };
      if (row.load >= row.capacity && !p.override) return { result: 'full' as const, notices: [] };
      const [{ oldCoachId }] = await runRows<{ oldCoachId: string | null }>(tx, ASSIGN, { ...p, over: row.load >= row.capacity });
      const planned = notices(oldCoachId);
      await this.writeNotices(tx, p.memberId, p.coachId, p.via, planned);
      return { result: 'assigned' as const, notices: planned.map((n) => n.id) };
    });
  }

  /** The pending invitation from this coach to this member, made once (retries find it); the member is told once. */
  invite(p: { id: string; coachId: string; memberId: string }, notice: PlannedNotice): Promise<{ invitation: InvitationRow; notices: string[] }> {
    return this.neo4j.write(async (tx) => {
      const [row] = await runRows<{ invitation: InvitationRow; fresh: boolean }>(
        tx,
        `MERGE (i:CoachInvitation {pendingKey: $coachId + ':' + $memberId})
           ON CREATE SET i.id = $id, i.coachId = $coachId, i.memberId = $memberId, i.status = 'PENDING', i.createdAt = datetime(), i._fresh = true
         WITH i, coalesce(i._fresh, false) AS fresh
         REMOVE i._fresh
         RETURN ${INVITATION} AS invitation, fresh`,
        p,
      );
      if (row.fresh) await this.writeNotices(tx, p.memberId, p.coachId, 'INVITATION', [notice]);
      return { invitation: row.invitation, notices: row.fresh ? [notice.id] : [] };
    });
  }

  /** Declines a pending invitation addressed to the member; null when there is none such. */
  decline(
    invitationId: string,
    memberId: string,
    notice: (coachId: string) => PlannedNotice,
  ): Promise<{ invitation: InvitationRow; notices: string[] } | null> {
    return this.neo4j.write(async (tx) => {
      const [row] = await runRows<{ invitation: InvitationRow }>(
        tx,
        `MATCH (i:CoachInvitation {id: $invitationId}) WHERE i.memberId = $memberId AND i.status = 'PENDING'
         SET i.status = 'DECLINED', i.respondedAt = datetime() REMOVE i.pendingKey
         RETURN ${INVITATION} AS invitation`,
        { invitationId, memberId },
      );
      if (!row) return null;
      const planned = notice(row.invitation.coachId);
      await this.writeNotices(tx, memberId, row.invitation.coachId, 'INVITATION', [planned]);
      return { invitation: row.invitation, notices: [planned.id] };
    });
  }

  async invitation(id: string): Promise<InvitationRow | null> {
    const [row] = await this.neo4j.readRows<{ invitation: InvitationRow }>(`MATCH (i:CoachInvitation {id: $id}) RETURN ${INVITATION} AS invitation`, { id });
    return row?.invitation ?? null;
  }

  /** When this coach's last invitation to this member was declined, if it was. */
  async lastDeclinedMs(coachId: string, memberId: string): Promise<number | null> {
    const [row] = await this.neo4j.readRows<{ ms: number | null }>(
      `MATCH (i:CoachInvitation {coachId: $coachId, memberId: $memberId, status: 'DECLINED'}) RETURN max(i.respondedAt.epochMillis) AS ms`,
      { coachId, memberId },
    );
    return row?.ms ?? null;
  }

  /** Invitations the viewer sent (as a coach) or received (as a member), pending first, then newest first. */
  invitations(viewerId: string, status: InvitationStatus | null, first: number, after: [number, number, string] | null) {
    return this.neo4j.read(async (tx) => {
      const where = `(i.memberId = $viewerId OR i.coachId = $viewerId) AND ($status IS NULL OR i.status = $status)`;
      const rows = await runRows<{ invitation: InvitationRow; rank: number; ms: number }>(
        tx,
        `CALL {
           MATCH (i:CoachInvitation {memberId: $viewerId}) RETURN i
           UNION
           MATCH (i:CoachInvitation {coachId: $viewerId}) RETURN i
         }
         WITH i WHERE ${where}
         WITH i, CASE WHEN i.status = 'PENDING' THEN 0 ELSE 1 END AS rank, -i.createdAt.epochMillis AS ms
         WHERE $after IS NULL OR rank > $after[0] OR (rank = $after[0] AND (ms > $after[1] OR (ms = $after[1] AND i.id > $after[2])))
         RETURN ${INVITATION} AS invitation, rank, ms ORDER BY rank, ms, i.id LIMIT toInteger($limit)`,
        { viewerId, status, after, limit: first + 1 },
      );
      const [count] = await runRows<{ n: number }>(
        tx,
        `CALL { MATCH (i:CoachInvitation {memberId: $viewerId}) RETURN i UNION MATCH (i:CoachInvitation {coachId: $viewerId}) RETURN i }
         WITH i WHERE ${where} RETURN count(i) AS n`,
        { viewerId, status },
      );
      return { rows, totalCount: count.n };
    });
  }

  /** Notices not sent yet, with what their text needs (ids given: those; otherwise the oldest). */
  unsentNotices(ids: string[] | null, limit: number) {
    return this.neo4j.readRows<{
      id: string;
      kind: NoticeKind;
      via: string;
      to: string | null;
      recipientName: string | null;
      memberName: string | null;
      coachName: string | null;
    }>(
      `MATCH (n:CoachingNotice) WHERE n.sentAt IS NULL AND ($ids IS NULL OR n.id IN $ids)
       WITH n ORDER BY n.createdAt LIMIT toInteger($limit)
       OPTIONAL MATCH (r:Person:Account {id: n.recipientId})
       OPTIONAL MATCH (m:Person {id: n.memberId})
       OPTIONAL MATCH (c:Person {id: n.coachId})
       RETURN n.id AS id, n.kind AS kind, n.via AS via, r.accountEmail AS to, r.displayName AS recipientName, m.displayName AS memberName, c.displayName AS coachName`,
      { ids, limit },
    );
  }

  async markNoticesSent(ids: string[]): Promise<void> {
    if (ids.length) await this.neo4j.writeRows(`UNWIND $ids AS id MATCH (n:CoachingNotice {id: id}) SET n.sentAt = datetime()`, { ids });
  }

  private async writeNotices(tx: Tx, memberId: string, coachId: string, via: string, notices: PlannedNotice[]): Promise<void> {
    if (!notices.length) return;
    await runRows(
      tx,
      `UNWIND $notices AS n
       CREATE (:CoachingNotice {id: n.id, kind: n.kind, recipientId: n.recipientId, memberId: $memberId, coachId: $coachId, via: $via, createdAt: datetime()})`,
      { notices, memberId, coachId, via },
    );
  }
}
