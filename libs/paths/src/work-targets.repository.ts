import { Inject, Injectable } from '@nestjs/common';
import { Neo4jService } from '#libs/graph';
import type { TargetEdgeRow } from './paths.repository.js';

/**
 * Cypher for targets chosen by where people work (employer or sector) and for a member's goals as
 * typed. Kept apart from PathsRepository so work matching changes stay in their own file.
 */
@Injectable()
export class WorkTargetsRepository {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  /**
   * One hop out of the viewer's frontier to people with a usable current role whose organisation or
   * sector matches `pattern` (and whose unit group is one of `codes`, when given). Local by
   * construction: its cost is the frontier's degree, not the number of people at a large employer.
   */
  frontierEdgesByOrganisation(viewerId: string, middleKeys: string[], pattern: string, codes: string[] | null): Promise<TargetEdgeRow[]> {
    return this.neo4j.readRows<TargetEdgeRow>(
      `UNWIND $middleKeys AS mkey
       MATCH (m:Person) WHERE elementId(m) = mkey
       MATCH (m)-[k:KNOWS]-(t:Person)
       WHERE (k.recordedBy = $viewerId OR k.lent = true) AND t.id <> $viewerId
         AND EXISTS { MATCH (t)-[:HAS_ROLE]->(r:Role)
                      WHERE r.current = true AND (r.lent = true OR r.recordedBy = $viewerId)
                        AND ($codes IS NULL OR r.code IN $codes)
                        AND (coalesce(r.organisation, '') + ' | ' + coalesce(r.sector, '')) =~ $regex }
       RETURN mkey AS a, elementId(t) AS b, k.strength AS strength, k.lastContactAt.epochMillis AS last,
              coalesce(m:Account, false) AS isAccount, m.brokerCapacity AS brokerCapacity,
              coalesce(m.openAsks, 0) AS openAsks, coalesce(m.recentDeclines, 0) AS recentDeclines`,
      { viewerId, middleKeys, codes, regex: `(?is).*(?:${pattern}).*` },
    );
  }

  /** The member's goals in their own words, in their order. */
  goalWorks(personId: string): Promise<string[]> {
    return this.neo4j
      .readRows<{ work: string }>(`MATCH (:Person:Account {id: $personId})-[:WANTS]->(g:WorkGoal) RETURN g.work AS work ORDER BY g.position`, { personId })
      .then((rows) => rows.map((r) => r.work));
  }
}
