import { Inject, Injectable } from '@nestjs/common';
import { Neo4jService, runRows } from '#libs/graph';

export interface CoachMemberRow {
  memberId: string;
  onCaseload: boolean;
  invitationId: string | null;
  sortName: string;
}

export interface AccountRow {
  personId: string;
  roles: string[];
  coachId: string | null;
  load: number | null;
  sortName: string;
}

/** Finding people by name for coaches (their own members and invitations) and admins (every account). Pages by (lower-case name, id). */
@Injectable()
export class CoachDirectoryRepository {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  /** Members on the coach's caseload and members with the coach's unanswered invitation. */
  coachMembers(coachId: string, search: string | null, first: number, after: [string, string] | null): Promise<{ rows: CoachMemberRow[]; totalCount: number }> {
    const found = `CALL {
        MATCH (:Person {id: $coachId})-[:COACHES]->(m:Person) RETURN m, true AS onCaseload, null AS invitationId
        UNION
        MATCH (i:CoachInvitation {coachId: $coachId, status: 'PENDING'}) MATCH (m:Person {id: i.memberId}) RETURN m, false AS onCaseload, i.id AS invitationId
      }
      WITH m, onCaseload, invitationId, toLower(coalesce(m.displayName, '')) AS sortName
      WHERE $search IS NULL OR sortName CONTAINS $search`;
    return this.neo4j.read(async (tx) => {
      const rows = await runRows<CoachMemberRow>(
        tx,
        `${found}
         WITH m, onCaseload, invitationId, sortName WHERE $after IS NULL OR sortName > $after[0] OR (sortName = $after[0] AND m.id > $after[1])
         RETURN m.id AS memberId, onCaseload, invitationId, sortName ORDER BY sortName, m.id LIMIT toInteger($limit)`,
        { coachId, search, after, limit: first + 1 },
      );
      const [count] = await runRows<{ n: number }>(tx, `${found} RETURN count(*) AS n`, { coachId, search });
      return { rows, totalCount: count.n };
    });
  }

  /** Accounts by name, optionally of one role, or members without a coach. */
  accounts(p: {
    search: string | null;
    role: string | null;
    withoutCoach: boolean;
    first: number;
    after: [string, string] | null;
  }): Promise<{ rows: AccountRow[]; totalCount: number }> {
    const found = `MATCH (a:Person:Account)
      WITH a, toLower(coalesce(a.displayName, '')) AS sortName
      WHERE ($role IS NULL OR $role IN a.roles) AND ($search IS NULL OR sortName CONTAINS $search)
        AND (NOT $withoutCoach OR ('MEMBER' IN a.roles AND NOT EXISTS { (:Person)-[:COACHES]->(a) }))`;
    return this.neo4j.read(async (tx) => {
      const rows = await runRows<AccountRow>(
        tx,
        `${found}
         WITH a, sortName WHERE $after IS NULL OR sortName > $after[0] OR (sortName = $after[0] AND a.id > $after[1])
         RETURN a.id AS personId, a.roles AS roles, sortName,
                head(COLLECT { MATCH (c:Person)-[:COACHES]->(a) RETURN c.id }) AS coachId,
                CASE WHEN 'COACH' IN a.roles THEN COUNT { (a)-[:COACHES]->() } ELSE null END AS load
         ORDER BY sortName, a.id LIMIT toInteger($limit)`,
        { ...p, limit: p.first + 1 },
      );
      const [count] = await runRows<{ n: number }>(tx, `${found} RETURN count(a) AS n`, p);
      return { rows, totalCount: count.n };
    });
  }
}
