import { Inject, Injectable } from '@nestjs/common';
import { Neo4jService } from '#libs/graph';
import { PERSON_VIEW, type PersonView } from '#libs/network';
import type { BrokerState } from './path-scoring.js';

export interface EdgeRow {
  a: string;
  b: string;
  strength: number;
  last: number | null;
}

export interface HopRow extends EdgeRow, BrokerState {}

/** An edge into a target, with the broker state of the person before the target. */
export type TargetEdgeRow = HopRow;

export interface StepEdgeRow {
  a: string;
  b: string;
  strength: number;
  last: number | null;
  context: string;
  byVolunteer: boolean;
}

export interface StepPersonRow {
  key: string;
  id: string;
  /** Only for the viewer's own contacts. */
  person: PersonView | null;
  /** The viewer's own contact, whose view the source does not hold (the in-memory index): read it with contactViews. */
  needsView?: boolean;
  isVolunteer: boolean;
  work: {
    title: string;
    organisation: string | null;
    sector: string | null;
    location: string | null;
    current: boolean;
    occupation: { code: string; title: string } | null;
  } | null;
}

/** Usable by the viewer: an edge they recorded, or one whose recorder lends their network. */
const USABLE_EDGE = '(k.recordedBy = $viewerId OR k.lent = true)';
const USABLE_ROLE = 'r.current = true AND (r.lent = true OR r.recordedBy = $viewerId)';
/**
 * A broker's availability as the viewer's path search weighs it (expects $viewerId and $nowMs):
 * open asks, the week's asks, the line waiting, an away date, asks they left unanswered (for everyone:
 * silence is about the broker), and this viewer's own share and recent declines (a decline penalises
 * the broker for the member it was asked by, not for everyone).
 */
const brokerMap = (x: string) => `isAccount: coalesce(${x}:Account, false), brokerCapacity: ${x}.brokerCapacity,
  openAsks: coalesce(${x}.openAsks, 0),
  recentDeclines: CASE WHEN ${x}:Account THEN COUNT { (${x})-[d:DECLINED_ASK]->(:Person {id: $viewerId}) WHERE d.at > $nowMs - 2592000000 } ELSE 0 END,
  weekAsks: size([t IN coalesce(${x}.askLog, []) WHERE t > $nowMs - 604800000]),
  line: CASE WHEN ${x}:Account THEN COUNT { (${x})<-[:WAITS_FOR]-() } ELSE 0 END,
  awayUntil: ${x}.awayUntil.epochMillis,
  viewerOpen: CASE WHEN ${x}:Account THEN COUNT { (${x})<-[:ASKS|WAITS_FOR]-(:IntroRequest {requesterId: $viewerId}) } ELSE 0 END,
  viewerWeek: CASE WHEN ${x}:Account THEN COUNT { (${x})<-[a:ASKED]-(:IntroRequest {requesterId: $viewerId}) WHERE a.at > $nowMs - 604800000 } ELSE 0 END,
  unanswered: size([t IN coalesce(${x}.unansweredLog, []) WHERE t > $nowMs - 2592000000])`;

/** Rows carry the broker state as a map; this flattens it onto the row. */
function flat<R extends { broker: BrokerState }>(rows: R[]): (Omit<R, 'broker'> & BrokerState)[] {
  return rows.map(({ broker, ...rest }) => ({ ...rest, ...broker }));
}

/**
 * All Cypher for path finding. The search works on element ids ("keys"), which cost no property
 * read; person ids are read only for the paths finally shown. Every expansion starts from keys
 * the caller bounded.
 */
@Injectable()
export class PathsRepository {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  /** The viewer's usable edges (hop 1), with each contact's broker state and number of relationships. */
  async hop1(viewerId: string, nowMs: number): Promise<(HopRow & { degree: number })[]> {
    const rows = await this.neo4j.readRows<EdgeRow & { degree: number; broker: BrokerState }>(
      `MATCH (v:Person {id: $viewerId})-[k:KNOWS]-(x:Person)
       WHERE ${USABLE_EDGE} AND x <> v
       RETURN elementId(v) AS a, elementId(x) AS b, k.strength AS strength, k.lastContactAt.epochMillis AS last,
              {${brokerMap('x')}} AS broker, COUNT { (x)-[:KNOWS]-() } AS degree`,
      { viewerId, nowMs },
    );
    return flat(rows);
  }

  /** Lent edges out of the given hop-1 brokers (hop 2), at most `perBrokerLimit` each. */
  hop2(viewerKey: string, brokerKeys: string[], perBrokerLimit: number): Promise<EdgeRow[]> {
    return this.neo4j.readRows<EdgeRow>(
      `UNWIND $brokerKeys AS xkey
       MATCH (x:Person) WHERE elementId(x) = xkey
       CALL (x, xkey) {
         MATCH (x)-[k:KNOWS]-(y:Person)
         WHERE k.lent = true AND elementId(y) <> $viewerKey
         RETURN elementId(y) AS b, k.strength AS strength, k.lastContactAt.epochMillis AS last
         LIMIT toInteger($perBrokerLimit)
       }
       RETURN xkey AS a, b, strength, last`,
      { viewerKey, brokerKeys, perBrokerLimit },
    );
  }

  /** Element ids for person ids, in order (null where there is no such person). */
  async keysOf(ids: string[]): Promise<(string | null)[]> {
    const rows = await this.neo4j.readRows<{ id: string; key: string }>('UNWIND $ids AS pid MATCH (p:Person {id: pid}) RETURN pid AS id, elementId(p) AS key', {
      ids,
    });
    const byId = new Map(rows.map((r) => [r.id, r.key]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async idsOf(keys: string[]): Promise<(string | null)[]> {
    const rows = await this.neo4j.readRows<{ id: string; key: string }>(
      'UNWIND $keys AS key MATCH (p:Person) WHERE elementId(p) = key RETURN key, p.id AS id',
      { keys },
    );
    const byKey = new Map(rows.map((r) => [r.key, r.id]));
    return keys.map((key) => byKey.get(key) ?? null);
  }

  keyOf(personId: string): Promise<string | null> {
    return this.neo4j.readRows<{ key: string }>('MATCH (p:Person {id: $personId}) RETURN elementId(p) AS key', { personId }).then((r) => r[0]?.key ?? null);
  }

  /**
   * The target side in one round trip: the people doing the work (up to `cap`; more means the
   * other direction is cheaper) and their usable edges back to the viewer's frontier.
   */
  async targetSide(
    viewerId: string,
    codes: string[],
    cap: number,
    middleKeys: string[],
    nowMs: number,
  ): Promise<{ tooMany: boolean; targets: string[]; edges: TargetEdgeRow[] }> {
    const [row] = await this.neo4j.readRows<{ n: number; targets: string[]; edges: (EdgeRow & { broker: BrokerState })[] }>(
      `CALL () {
         MATCH (r:Role) WHERE r.code IN $codes AND ${USABLE_ROLE}
         MATCH (t:Person)-[:HAS_ROLE]->(r)
         WHERE t.id <> $viewerId
         RETURN DISTINCT t LIMIT toInteger($cap + 1)
       }
       WITH collect(t) AS ts
       CALL (ts) {
         UNWIND CASE WHEN size(ts) <= $cap THEN ts ELSE [] END AS t
         MATCH (t)-[k:KNOWS]-(m:Person)
         WHERE elementId(m) IN $middleKeys AND ${USABLE_EDGE}
         RETURN collect({a: elementId(m), b: elementId(t), strength: k.strength, last: k.lastContactAt.epochMillis,
                         broker: {${brokerMap('m')}}}) AS edges
       }
       RETURN size(ts) AS n, [t IN ts | elementId(t)] AS targets, edges`,
      { viewerId, codes, cap, middleKeys, nowMs },
    );
    return row.n > cap ? { tooMany: true, targets: [], edges: [] } : { tooMany: false, targets: row.targets, edges: flat(row.edges) };
  }

  /**
   * People whose usable current role title matches the full-text query (all words). The index takes
   * writes in the background (migration 0017): waiting for it first finds a role recorded a moment ago.
   */
  targetsByTitle(viewerId: string, luceneQuery: string, limit: number): Promise<string[]> {
    return this.neo4j
      .readRows<{ key: string }>(
        `CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()
         CALL db.index.fulltext.queryNodes('work_titles', $q, {limit: 2000}) YIELD node AS r
         WHERE r:Role AND ${USABLE_ROLE}
         MATCH (t:Person)-[:HAS_ROLE]->(r)
         WHERE t.id <> $viewerId
         RETURN DISTINCT elementId(t) AS key
         LIMIT toInteger($limit)`,
        { viewerId, q: luceneQuery, limit },
      )
      .then((rows) => rows.map((r) => r.key));
  }

  /** Usable edges from the target people back to the viewer's frontier (the target side of the meet in the middle). */
  async targetEdges(viewerId: string, targetKeys: string[], middleKeys: string[], nowMs: number): Promise<TargetEdgeRow[]> {
    const rows = await this.neo4j.readRows<EdgeRow & { broker: BrokerState }>(
      `UNWIND $targetKeys AS tkey
       MATCH (t:Person) WHERE elementId(t) = tkey
       MATCH (t)-[k:KNOWS]-(m:Person)
       WHERE elementId(m) IN $middleKeys AND ${USABLE_EDGE}
       RETURN elementId(m) AS a, tkey AS b, k.strength AS strength, k.lastContactAt.epochMillis AS last, {${brokerMap('m')}} AS broker`,
      { viewerId, targetKeys, middleKeys, nowMs },
    );
    return flat(rows);
  }

  /**
   * The other direction, for work so common that expanding from its people costs more:
   * one more hop out of the viewer's frontier, keeping neighbours who do the work.
   */
  async frontierTargetEdges(viewerId: string, middleKeys: string[], codes: string[], nowMs: number): Promise<TargetEdgeRow[]> {
    const rows = await this.neo4j.readRows<EdgeRow & { broker: BrokerState }>(
      `UNWIND $middleKeys AS mkey
       MATCH (m:Person) WHERE elementId(m) = mkey
       MATCH (m)-[k:KNOWS]-(t:Person)
       WHERE ${USABLE_EDGE} AND t.id <> $viewerId
         AND EXISTS { MATCH (t)-[:HAS_ROLE]->(r:Role) WHERE r.code IN $codes AND ${USABLE_ROLE} }
       RETURN mkey AS a, elementId(t) AS b, k.strength AS strength, k.lastContactAt.epochMillis AS last, {${brokerMap('m')}} AS broker`,
      { viewerId, middleKeys, codes, nowMs },
    );
    return flat(rows);
  }

  /** Whether the viewer may name this person as a target: themselves excluded, their contacts included. */
  async targetVisible(viewerId: string, personId: string): Promise<boolean> {
    const rows = await this.neo4j.readRows<{ ok: boolean }>(
      `OPTIONAL MATCH (:Person {id: $viewerId})-[k:KNOWS {recordedBy: $viewerId}]->(p:Person {id: $personId})
       RETURN k IS NOT NULL AS ok`,
      { viewerId, personId },
    );
    return rows[0]?.ok ?? false;
  }

  goalCodes(personId: string): Promise<string[]> {
    return this.neo4j
      .readRows<{ code: string }>(`MATCH (:Person:Account {id: $personId})-[:WANTS]->(g:WorkGoal) WHERE g.code IS NOT NULL RETURN DISTINCT g.code AS code`, {
        personId,
      })
      .then((rows) => rows.map((r) => r.code));
  }

  /** Usable edges between consecutive people (by key) of the chosen paths, for the steps shown. */
  stepEdges(viewerId: string, pairs: [string, string][]): Promise<StepEdgeRow[]> {
    return this.neo4j.readRows<StepEdgeRow>(
      `UNWIND $pairs AS pair
       MATCH (x:Person) WHERE elementId(x) = pair[0]
       MATCH (y:Person) WHERE elementId(y) = pair[1]
       MATCH (x)-[k:KNOWS]-(y)
       WHERE ${USABLE_EDGE}
       WITH pair, k, CASE WHEN startNode(k) = x THEN x ELSE y END AS rec
       RETURN pair[0] AS a, pair[1] AS b, k.strength AS strength, k.lastContactAt.epochMillis AS last, k.context AS context,
              coalesce('VOLUNTEER' IN rec.roles, false) AS byVolunteer`,
      { viewerId, pairs },
    );
  }

  /** The people (by key) on the chosen paths as the viewer may see them: a name only for their own contacts. */
  stepPeople(viewerId: string, keys: string[], codes: string[]): Promise<StepPersonRow[]> {
    return this.neo4j.readRows<StepPersonRow>(
      `MATCH (v:Person {id: $viewerId})
       UNWIND $keys AS key
       MATCH (p:Person) WHERE elementId(p) = key
       OPTIONAL MATCH (v)-[k:KNOWS {recordedBy: $viewerId}]->(p)
       RETURN key, p.id AS id, CASE WHEN k IS NULL THEN null ELSE ${PERSON_VIEW} END AS person,
              coalesce('VOLUNTEER' IN p.roles, false) AS isVolunteer,
              head(COLLECT {
                MATCH (p)-[:HAS_ROLE]->(r:Role)
                WHERE r.current = true AND (r.lent = true OR r.recordedBy = $viewerId)
                OPTIONAL MATCH (r)-[:IN_OCCUPATION]->(o:Occupation)
                RETURN r {.title, .organisation, .sector, .location, .current,
                          occupation: CASE WHEN o IS NULL THEN null ELSE o {.code, .title} END} AS work
                ORDER BY CASE WHEN r.code IN $codes THEN 0 ELSE 1 END, r.createdAt.epochMillis, r.id
                LIMIT 1
              }) AS work`,
      { viewerId, keys, codes },
    );
  }

  /** The viewer's own contacts among these people, as the viewer sees them (the label they gave, the work they noted). */
  contactViews(viewerId: string, ids: string[]): Promise<{ id: string; person: PersonView }[]> {
    return this.neo4j.readRows<{ id: string; person: PersonView }>(
      `MATCH (v:Person {id: $viewerId})-[k:KNOWS {recordedBy: $viewerId}]->(p:Person) WHERE p.id IN $ids
       RETURN p.id AS id, ${PERSON_VIEW} AS person`,
      { viewerId, ids },
    );
  }
}
