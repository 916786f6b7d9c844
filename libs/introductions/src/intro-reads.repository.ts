import { Inject, Injectable } from '@nestjs/common';
import { Neo4jService, runRows } from '#libs/graph';
import type { IntroStatus } from './intro-state.js';

/**
 * Cypher for what viewers read about requests: who is party to one, the lists of their own
 * requests and asks, and a broker's load. IntroductionsRepository owns the writes.
 */
@Injectable()
export class IntroReadsRepository {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  /** A broker's load for their own account page. */
  async brokerLoad(
    personId: string,
    weekAgoMs: number,
  ): Promise<{ openAsks: number; capacity: number; weekAsks: number; waiting: number; awayUntil: string | null }> {
    const [row] = await this.neo4j.readRows<{ openAsks: number; capacity: number; weekAsks: number; waiting: number; awayUntil: string | null }>(
      `MATCH (b:Person:Account {id: $personId})
       RETURN COUNT { (b)<-[:ASKS {counts: true}]-() } AS openAsks, coalesce(b.brokerCapacity, 0) AS capacity,
              size([t IN coalesce(b.askLog, []) WHERE t > $weekAgoMs]) AS weekAsks,
              COUNT { (b)<-[:WAITS_FOR]-() } AS waiting, toString(b.awayUntil) AS awayUntil`,
      { personId, weekAgoMs },
    );
    return row ?? { openAsks: 0, capacity: 0, weekAsks: 0, waiting: 0, awayUntil: null };
  }

  /** Open asks (or waits) whose deadline passed before `before` (ISO time), oldest first. */
  overdueAsks(before: string, open: readonly IntroStatus[], limit: number): Promise<{ requestId: string; step: number; attempt: number }[]> {
    return this.neo4j.readRows(
      `MATCH (r:IntroRequest) WHERE r.expiresAt < datetime($before) AND r.status IN $open
       MATCH (r)-[s:STEP {index: r.currentStep}]->(:Person) WHERE s.state IN ['ASKED', 'WAITING']
       RETURN r.id AS requestId, s.index AS step, s.attempt AS attempt
       ORDER BY r.expiresAt LIMIT toInteger($limit)`,
      { before, open, limit },
    );
  }

  async isParty(requestId: string, personId: string): Promise<boolean> {
    const [row] = await this.neo4j.readRows<{ ok: boolean }>(
      `MATCH (r:IntroRequest {id: $requestId})
       RETURN r.requesterId = $personId OR EXISTS { (r)-[:ASKED]->(:Person {id: $personId}) } AS ok`,
      { requestId, personId },
    );
    return row?.ok ?? false;
  }

  /** Everyone who may see a request (its member and the people asked on it), for routing live updates in memory. */
  async audience(requestId: string): Promise<string[]> {
    const [row] = await this.neo4j.readRows<{ ids: string[] }>(
      `MATCH (r:IntroRequest {id: $requestId})
       OPTIONAL MATCH (r)-[:ASKED]->(p:Person)
       WITH r, collect(DISTINCT p.id) AS asked
       RETURN [r.requesterId] + asked AS ids`,
      { requestId },
    );
    return row?.ids.filter((id): id is string => typeof id === 'string') ?? [];
  }

  /** Requests the viewer made or was asked on, newest first (keyset on createdAt, id). */
  async mine(viewerId: string, statuses: IntroStatus[] | null, first: number, after: [number, string] | null) {
    return this.neo4j.read(async (tx) => {
      const base = `CALL (v) {
           MATCH (v)-[:REQUESTED]->(r:IntroRequest) RETURN r
           UNION
           MATCH (r:IntroRequest)-[:ASKED]->(v) RETURN r
         }
         WITH r WHERE $statuses IS NULL OR r.status IN $statuses`;
      const rows = await runRows<{ id: string; ms: number }>(
        tx,
        `MATCH (v:Person {id: $viewerId})
         ${base}
         WITH r, r.createdAt.epochMillis AS ms
         WHERE $after IS NULL OR ms < $after[0] OR (ms = $after[0] AND r.id < $after[1])
         RETURN r.id AS id, ms ORDER BY ms DESC, r.id DESC LIMIT toInteger($limit)`,
        { viewerId, statuses, after, limit: first + 1 },
      );
      const [count] = await runRows<{ n: number }>(tx, `MATCH (v:Person {id: $viewerId}) ${base} RETURN count(r) AS n`, { viewerId, statuses });
      return { rows, totalCount: count?.n ?? 0 };
    });
  }

  /** Asks waiting for the viewer's answer, soonest to expire first. */
  async inbox(viewerId: string, first: number, after: [number, string] | null) {
    return this.neo4j.read(async (tx) => {
      const rows = await runRows<{ id: string; ms: number }>(
        tx,
        `MATCH (r:IntroRequest)-[:ASKS]->(:Person {id: $viewerId})
         WITH r, coalesce(r.expiresAt.epochMillis, 0) AS ms
         WHERE $after IS NULL OR ms > $after[0] OR (ms = $after[0] AND r.id > $after[1])
         RETURN r.id AS id, ms ORDER BY ms, r.id LIMIT toInteger($limit)`,
        { viewerId, after, limit: first + 1 },
      );
      const [count] = await runRows<{ n: number }>(tx, `RETURN COUNT { (:IntroRequest)-[:ASKS]->(:Person {id: $viewerId}) } AS n`, { viewerId });
      return { rows, totalCount: count?.n ?? 0 };
    });
  }

  /** Open requests the person made, and open requests with them on the path (or relaying for someone on it). */
  async openInvolving(personId: string, open: readonly IntroStatus[]): Promise<{ own: string[]; through: string[] }> {
    const [row] = await this.neo4j.readRows<{ own: string[]; through: string[] }>(
      `RETURN COLLECT { MATCH (r:IntroRequest {requesterId: $personId}) WHERE r.status IN $open RETURN r.id } AS own,
              COLLECT { MATCH (r:IntroRequest)-[s:STEP]->(p:Person)
                        WHERE r.status IN $open AND r.requesterId <> $personId AND (p.id = $personId OR s.askeeId = $personId OR s.recordedBy = $personId)
                        RETURN DISTINCT r.id } AS through`,
      { personId, open },
    );
    return row ?? { own: [], through: [] };
  }

  /** Open requests with a step still to come that goes through this recorder's relationship to this person. */
  async openThroughRelationship(recorderId: string, personId: string, open: readonly IntroStatus[]): Promise<string[]> {
    const rows = await this.neo4j.readRows<{ id: string }>(
      `MATCH (r:IntroRequest)-[s:STEP {recordedBy: $recorderId}]->(:Person {id: $personId})
       WHERE r.status IN $open AND s.state IN ['PENDING', 'ASKED', 'WAITING']
       RETURN DISTINCT r.id AS id`,
      { recorderId, personId, open },
    );
    return rows.map((r) => r.id);
  }
}
