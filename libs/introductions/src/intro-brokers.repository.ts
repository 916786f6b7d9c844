import { Inject, Injectable } from '@nestjs/common';
import { Neo4jService, recordPathChange, runRows, type Tx } from '#libs/graph';

const MONTH_MS = 30 * 24 * 3600 * 1000;

/**
 * Cypher for what introductions record about brokers and members beyond one request: declines
 * and unanswered asks (ranking reads them), a member's share of a broker, and account settings
 * the line acts on. Functions taking a `tx` run inside the caller's transaction.
 */
@Injectable()
export class IntroBrokersRepository {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  /** A decline counts against the broker's rank for the member who asked, and only for them. */
  async recordDecline(tx: Tx, brokerId: string, requesterId: string, nowMs: number): Promise<void> {
    await runRows(
      tx,
      `MATCH (b:Person:Account {id: $brokerId}), (m:Person {id: $requesterId})
       CREATE (b)-[:DECLINED_ASK {at: $nowMs}]->(m)`,
      { brokerId, requesterId, nowMs },
    );
    await recordPathChange(tx, [brokerId], [], { stateOnly: true });
  }

  /**
   * An ask the broker left unanswered past the bound: counts against their rank for everyone (it
   * says whether they answer at all, not how they see one member). Kept for 30 days.
   */
  async recordUnanswered(tx: Tx, brokerId: string, nowMs: number): Promise<void> {
    await runRows(
      tx,
      `MATCH (b:Person:Account {id: $brokerId})
       SET b.unansweredLog = [t IN coalesce(b.unansweredLog, []) WHERE t > $monthAgo] + $nowMs`,
      { brokerId, nowMs, monthAgo: nowMs - MONTH_MS },
    );
    await recordPathChange(tx, [brokerId], [], { stateOnly: true });
  }

  /** The broker answered an ask: one earlier silence no longer counts against them. */
  async recordAnswered(tx: Tx, brokerId: string): Promise<void> {
    const forgiven = await runRows(
      tx,
      `MATCH (b:Person:Account {id: $brokerId}) WHERE size(coalesce(b.unansweredLog, [])) > 0
       SET b.unansweredLog = tail(b.unansweredLog)
       RETURN b.id AS id`,
      { brokerId },
    );
    if (forgiven.length) await recordPathChange(tx, [brokerId], [], { stateOnly: true });
  }

  /**
   * How much of each broker the requester holds: open asks or places in line, and asks started
   * in the last week (for the fair share). The caller holds the locks of everyone on the path.
   */
  shareUsed(tx: Tx, requesterId: string, brokerIds: string[], weekAgoMs: number): Promise<{ brokerId: string; open: number; week: number }[]> {
    return runRows(
      tx,
      `UNWIND $brokerIds AS bid
       MATCH (b:Person:Account {id: bid})
       RETURN bid AS brokerId,
              COUNT { (b)<-[:ASKS|WAITS_FOR]-(:IntroRequest {requesterId: $requesterId}) } AS open,
              COUNT { (b)<-[a:ASKED]-(:IntroRequest {requesterId: $requesterId}) WHERE a.at > $weekAgoMs } AS week`,
      { requesterId, brokerIds, weekAgoMs },
    );
  }

  /** Which of these people hold an account. */
  async accounts(tx: Tx, ids: string[]): Promise<Set<string>> {
    const rows = await runRows<{ id: string }>(tx, `UNWIND $ids AS pid MATCH (p:Person:Account {id: pid}) RETURN p.id AS id`, { ids });
    return new Set(rows.map((r) => r.id));
  }

  /** Whether the member chose to have waiting requests moved to a better path without confirming. */
  async autoReroute(personId: string): Promise<boolean> {
    const [row] = await this.neo4j.readRows<{ on: boolean }>(`MATCH (a:Person:Account {id: $personId}) RETURN coalesce(a.autoReroute, false) AS on`, {
      personId,
    });
    return row?.on ?? false;
  }
}
