import { Inject, Injectable } from '@nestjs/common';
import { Neo4jService, runRows } from '#libs/graph';
import { RELATIONSHIP_VIEW, type RelationshipView } from '#libs/network';

export interface EventView {
  id: string;
  title: string;
  theme: string | null;
  startsAt: string;
  location: string | null;
  attendeeCount: number;
}

const EVENT_VIEW = `e {.id, .title, .theme, .location, startsAt: toString(e.startsAt), attendeeCount: COUNT { (:Person)-[:ATTENDED]->(e) }} AS event`;

/** All Cypher for events. */
@Injectable()
export class EventsRepository {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  async create(e: { id: string; title: string; theme: string | null; startsAt: string; location: string | null; createdBy: string }): Promise<EventView> {
    const [row] = await this.neo4j.writeRows<{ event: EventView }>(
      `MATCH (c:Person {id: $createdBy})
       CREATE (c)-[:CREATED_EVENT]->(e:Event {id: $id, title: $title, theme: $theme, startsAt: datetime($startsAt), location: $location,
                                              createdBy: $createdBy, createdAt: datetime()})
       RETURN ${EVENT_VIEW}`,
      e,
    );
    return row.event;
  }

  async get(id: string): Promise<EventView | null> {
    const [row] = await this.neo4j.readRows<{ event: EventView }>(`MATCH (e:Event {id: $id}) RETURN ${EVENT_VIEW}`, { id });
    return row?.event ?? null;
  }

  /** Events from a time on, soonest first (keyset on startsAt, id). */
  async list(fromIso: string, first: number, after: [number, string] | null) {
    return this.neo4j.read(async (tx) => {
      const rows = await runRows<{ event: EventView; ms: number }>(
        tx,
        `MATCH (e:Event) WHERE e.startsAt >= datetime($from)
         WITH e, e.startsAt.epochMillis AS ms
         WHERE $after IS NULL OR ms > $after[0] OR (ms = $after[0] AND e.id > $after[1])
         RETURN ${EVENT_VIEW}, ms ORDER BY ms, e.id LIMIT toInteger($limit)`,
        { from: fromIso, after, limit: first + 1 },
      );
      const [count] = await runRows<{ n: number }>(tx, `MATCH (e:Event) WHERE e.startsAt >= datetime($from) RETURN count(e) AS n`, { from: fromIso });
      return { rows, totalCount: count.n };
    });
  }

  async attend(eventId: string, personId: string): Promise<EventView> {
    const [row] = await this.neo4j.writeRows<{ event: EventView }>(
      `MATCH (e:Event {id: $eventId}), (p:Person {id: $personId})
       MERGE (p)-[a:ATTENDED]->(e) ON CREATE SET a.recordedAt = datetime()
       RETURN ${EVENT_VIEW}`,
      { eventId, personId },
    );
    return row.event;
  }

  /** Which of these people recorded attending the event. */
  async attendees(eventId: string, personIds: string[]): Promise<Set<string>> {
    const rows = await this.neo4j.readRows<{ id: string }>(
      `MATCH (e:Event {id: $eventId}) UNWIND $personIds AS pid MATCH (p:Person {id: pid})-[:ATTENDED]->(e) RETURN p.id AS id`,
      { eventId, personIds },
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * EVENT relationships from the viewer to people they met there, in one transaction. A pair who
   * already knew each other keep their context; their strength rises by 0.1 (at most 1).
   */
  met(viewerId: string, eventId: string, personIds: string[], strength: number): Promise<RelationshipView[]> {
    return this.neo4j.write(async (tx) => {
      const rows = await runRows<{ rel: RelationshipView }>(
        tx,
        `MATCH (v:Person {id: $viewerId}), (e:Event {id: $eventId})
         UNWIND $personIds AS pid
         MATCH (p:Person {id: pid})
         MERGE (v)-[k:KNOWS {recordedBy: $viewerId}]->(p)
           ON CREATE SET k.context = 'EVENT', k.strength = $strength, k.displayName = p.displayName, k.lent = coalesce(v.lendsNetwork, false),
                         k.createdAt = datetime(), k.lastContactAt = e.startsAt, k.howWeMet = 'Met at ' + e.title, k.event = e.id
           ON MATCH SET k.strength = CASE WHEN k.strength + 0.1 > 1 THEN 1.0 ELSE k.strength + 0.1 END,
                        k.lastContactAt = CASE WHEN k.lastContactAt IS NULL OR k.lastContactAt < e.startsAt THEN e.startsAt ELSE k.lastContactAt END
         RETURN ${RELATIONSHIP_VIEW} AS rel`,
        { viewerId, eventId, personIds, strength },
      );
      return rows.map((r) => r.rel);
    });
  }
}
