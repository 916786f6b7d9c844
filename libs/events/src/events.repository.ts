import { Inject, Injectable } from '@nestjs/common';
import { conflict } from '#libs/common';
import { Neo4jService, recordPathChange, runRows } from '#libs/graph';
import { RELATIONSHIP_VIEW, type RelationshipView } from '#libs/network';

export interface EventView {
  id: string;
  title: string;
  theme: string | null;
  startsAt: string;
  location: string | null;
  attendeeCount: number;
  /** The viewer's own attendance: null when they did not record attending. */
  mine: { listed: boolean; shownAs: string | null } | null;
}

export interface AttendeeRow {
  personId: string;
  shownAs: string;
  ms: number;
}

/** Expects `e` and $viewerId in scope. attendeeCount is a headcount: it names nobody. */
const EVENT_VIEW = `e {.id, .title, .theme, .location, startsAt: toString(e.startsAt), attendeeCount: COUNT { (:Person)-[:ATTENDED]->(e) },
  mine: head(COLLECT { MATCH (:Person {id: $viewerId})-[a:ATTENDED]->(e) RETURN {listed: coalesce(a.listed, false), shownAs: a.shownAs} })} AS event`;

interface RawRelationship extends Omit<RelationshipView, 'lastContactAt' | 'createdAt'> {
  lastContactAt: string | null;
  createdAt: string;
}

/** Cypher returns temporals as strings (toString); the API's DateTime scalar needs Date objects. */
function toRelationship(raw: RawRelationship): RelationshipView {
  return { ...raw, lastContactAt: raw.lastContactAt ? new Date(raw.lastContactAt) : null, createdAt: new Date(raw.createdAt) };
}

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
      { ...e, viewerId: e.createdBy },
    );
    return row.event;
  }

  async get(id: string, viewerId: string): Promise<EventView | null> {
    const [row] = await this.neo4j.readRows<{ event: EventView }>(`MATCH (e:Event {id: $id}) RETURN ${EVENT_VIEW}`, { id, viewerId });
    return row?.event ?? null;
  }

  /** Events from a time on, soonest first (keyset on startsAt, id). */
  async list(viewerId: string, fromIso: string, first: number, after: [number, string] | null) {
    return this.neo4j.read(async (tx) => {
      const rows = await runRows<{ event: EventView; ms: number }>(
        tx,
        `MATCH (e:Event) WHERE e.startsAt >= datetime($from)
         WITH e, e.startsAt.epochMillis AS ms
         WHERE $after IS NULL OR ms > $after[0] OR (ms = $after[0] AND e.id > $after[1])
         RETURN ${EVENT_VIEW}, ms ORDER BY ms, e.id LIMIT toInteger($limit)`,
        { from: fromIso, after, limit: first + 1, viewerId },
      );
      const [count] = await runRows<{ n: number }>(tx, `MATCH (e:Event) WHERE e.startsAt >= datetime($from) RETURN count(e) AS n`, { from: fromIso });
      return { rows, totalCount: count.n };
    });
  }

  /**
   * Records (or re-records) the viewer's attendance with their listing choice. Listed without a
   * name of their choosing, they are shown by the first word of their own account name.
   */
  async attend(eventId: string, personId: string, listed: boolean, shownAs: string | null): Promise<EventView> {
    const [row] = await this.neo4j.writeRows<{ event: EventView }>(
      `MATCH (e:Event {id: $eventId}), (p:Person {id: $personId})
       MERGE (p)-[a:ATTENDED]->(e) ON CREATE SET a.recordedAt = datetime()
       SET a.listed = $listed,
           a.shownAs = CASE WHEN $shownAs IS NOT NULL THEN $shownAs WHEN $listed THEN coalesce(head(split(trim(p.displayName), ' ')), 'An attendee') ELSE null END
       RETURN ${EVENT_VIEW}`,
      { eventId, personId, listed, shownAs, viewerId: personId },
    );
    return row.event;
  }

  /** Which of these people are on the event's attendee list (they recorded attending and chose to be listed). */
  async listedAttendees(eventId: string, personIds: string[]): Promise<Set<string>> {
    const rows = await this.neo4j.readRows<{ id: string }>(
      `MATCH (e:Event {id: $eventId}) UNWIND $personIds AS pid MATCH (p:Person {id: pid})-[a:ATTENDED]->(e) WHERE a.listed = true RETURN p.id AS id`,
      { eventId, personIds },
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The event's listed attendees in the order they arrived (keyset on recordedAt, id), with the listed total. */
  attendeeList(eventId: string, first: number, after: [number, string] | null): Promise<{ rows: AttendeeRow[]; totalCount: number }> {
    return this.neo4j.read(async (tx) => {
      const rows = await runRows<AttendeeRow>(
        tx,
        `MATCH (p:Person)-[a:ATTENDED]->(:Event {id: $eventId}) WHERE a.listed = true
         WITH p, a, a.recordedAt.epochMillis AS ms
         WHERE $after IS NULL OR ms > $after[0] OR (ms = $after[0] AND p.id > $after[1])
         RETURN p.id AS personId, a.shownAs AS shownAs, ms ORDER BY ms, p.id LIMIT toInteger($limit)`,
        { eventId, after, limit: first + 1 },
      );
      const [count] = await runRows<{ n: number }>(tx, `MATCH (:Person)-[a:ATTENDED]->(:Event {id: $eventId}) WHERE a.listed = true RETURN count(a) AS n`, {
        eventId,
      });
      return { rows, totalCount: count.n };
    });
  }

  /**
   * EVENT relationships from the viewer to listed attendees they met there, in one transaction.
   * A new edge carries the name the attendee chose to show at the event, never their account's
   * name. A pair who already knew each other keep their context and label; their strength rises
   * by 0.1 (at most 1) once per event, so a retried call changes nothing more.
   */
  met(viewerId: string, eventId: string, personIds: string[], strength: number): Promise<RelationshipView[]> {
    return this.neo4j.write(async (tx) => {
      const rows = await runRows<{ rel: RawRelationship }>(
        tx,
        `MATCH (v:Person {id: $viewerId})-[:ATTENDED]->(e:Event {id: $eventId})
         UNWIND $personIds AS pid
         MATCH (p:Person {id: pid})-[a:ATTENDED]->(e) WHERE a.listed = true
         OPTIONAL MATCH (v)-[old:KNOWS {recordedBy: $viewerId}]->(p)
         WITH v, e, p, a, old IS NOT NULL AND (old.event = e.id OR e.id IN coalesce(old.metAtEvents, [])) AS counted
         MERGE (v)-[k:KNOWS {recordedBy: $viewerId}]->(p)
           ON CREATE SET k.context = 'EVENT', k.strength = $strength, k.displayName = coalesce(a.shownAs, 'Someone you met at ' + e.title),
                         k.lent = coalesce(v.lendsNetwork, false), k.createdAt = datetime(), k.lastContactAt = e.startsAt,
                         k.howWeMet = 'Met at ' + e.title, k.event = e.id, k.metAtEvents = [e.id], k.ref = randomUUID()
           ON MATCH SET k.strength = CASE WHEN counted THEN k.strength WHEN k.strength + 0.1 > 1 THEN 1.0 ELSE k.strength + 0.1 END,
                        k.metAtEvents = CASE WHEN counted THEN k.metAtEvents ELSE coalesce(k.metAtEvents, []) + e.id END,
                        k.lastContactAt = CASE WHEN k.lastContactAt IS NULL OR k.lastContactAt < e.startsAt THEN e.startsAt ELSE k.lastContactAt END
         RETURN ${RELATIONSHIP_VIEW} AS rel`,
        { viewerId, eventId, personIds, strength },
      );
      // Someone left the list between the caller's check and this write: roll back rather than half-record.
      if (rows.length !== personIds.length)
        throw conflict("someone you named has just left this event's attendee list; look at the list again", 'input.personIds');
      await recordPathChange(tx, personIds, [viewerId]);
      return rows.map((r) => toRelationship(r.rel));
    });
  }
}
