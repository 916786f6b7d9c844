import { Inject, Injectable } from '@nestjs/common';
import neo4j, { type RecordShape } from 'neo4j-driver';
import { AppConfig } from '#libs/config';
import { Neo4jService, type PathChange } from '#libs/graph';
import { EdgeList } from './edge-list.js';
import { PathGraph, type PersonRecord, type StateRecord } from './path-graph.js';
import type { RoleRecord } from './role-table.js';

/** A current role `r` as the index holds it (see RoleRecord). */
const ROLE_RECORD = `{id: r.id, code: r.code, rec: r.recordedBy, lent: coalesce(r.lent, false), title: r.title,
  organisation: r.organisation, sector: r.sector, location: r.location, createdAt: r.createdAt.epochMillis,
  occupation: head(COLLECT { MATCH (r)-[:IN_OCCUPATION]->(o:Occupation) RETURN o {.code, .title} })}`;

/** A person `p`'s broker state (see BrokerTable). */
const STATE_RECORD = `p.id AS id, elementId(p) AS key, p:Account AS account, p.brokerCapacity AS capacity,
  coalesce(p.openAsks, 0) AS openAsks, p.awayUntil.epochMillis AS awayUntil, coalesce(p.askLog, []) AS askLog,
  coalesce(p.unansweredLog, []) AS unansweredLog,
  COUNT { (p)<-[:WAITS_FOR]-() } AS line,
  COLLECT { MATCH (p)-[d:DECLINED_ASK]->(m:Person) RETURN {m: m.id, at: d.at} } AS declines,
  COLLECT { MATCH (p)<-[:ASKS|WAITS_FOR]-(r:IntroRequest) RETURN r.requesterId } AS open,
  COLLECT { MATCH (p)<-[a:ASKED]-(r:IntroRequest) RETURN {r: r.requesterId, at: a.at} } AS asked`;

/** The columns STATE_RECORD returns. */
const STATE_COLUMNS = ['id', 'key', 'account', 'capacity', 'openAsks', 'awayUntil', 'askLog', 'unansweredLog', 'line', 'declines', 'open', 'asked'];

/** The fields of a person's path data, for one person `p` (expects $ids unwound as pid). */
const PERSON_RECORD = `${STATE_RECORD}, coalesce('VOLUNTEER' IN p.roles, false) AS volunteer,
  COLLECT { MATCH (p)-[:HAS_ROLE]->(r:Role) WHERE r.current = true RETURN ${ROLE_RECORD} } AS roles,
  COLLECT { MATCH (p)-[k:KNOWS]-(q:Person)
            RETURN {q: q.id, qKey: elementId(q), rec: k.recordedBy, lent: coalesce(k.lent, false), strength: k.strength,
                    last: k.lastContactAt.epochMillis, context: k.context, out: startNode(k) = p} } AS edges`;

/** All Cypher of the path index: the change log, whole-graph build and per-person reads. */
@Injectable()
export class PathIndexRepository {
  constructor(
    @Inject(Neo4jService) private readonly neo4j: Neo4jService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** The last sequence number handed out (0 before any change). */
  async currentSeq(): Promise<number> {
    const rows = await this.neo4j.readRows<{ seq: number | null }>(`OPTIONAL MATCH (l:PathLog {id: 'paths'}) RETURN l.seq AS seq`);
    return rows[0]?.seq ?? 0;
  }

  /** Committed changes after `seq`, in order (the counter's lock makes a visible seq imply all before it). */
  changesAfter(seq: number, limit: number): Promise<PathChange[]> {
    return this.neo4j.readRows<PathChange>(
      `MATCH (c:PathChange) WHERE c.seq > $seq
       RETURN c.seq AS seq, c.people AS people, coalesce(c.states, []) AS states, c.at AS at ORDER BY c.seq LIMIT toInteger($limit)`,
      { seq, limit },
    );
  }

  /** The log in the graph only needs to outlive its relay to the stream. */
  async prune(upTo: number, olderThanMs: number): Promise<void> {
    await this.neo4j.writeRows(
      `MATCH (c:PathChange) WHERE c.seq <= $upTo AND c.at < timestamp() - $olderThanMs
       WITH c LIMIT 5000 DELETE c`,
      { upTo, olderThanMs },
    );
  }

  /**
   * Whole-person records, read where change `atLeastSeq` is visible: with Neo4j read replicas a
   * follower may not have applied it yet, and a record read there would stay stale; null then
   * (the caller retries).
   */
  async people(ids: string[], atLeastSeq = 0): Promise<PersonRecord[] | null> {
    const rows = await this.visibleRows<PersonRecord & { pid: string }>(
      `UNWIND $ids AS pid
       MATCH (p:Person {id: pid})
       RETURN pid, ${PERSON_RECORD}`,
      ['pid', ...STATE_COLUMNS, 'volunteer', 'roles', 'edges'],
      { ids },
      atLeastSeq,
    );
    if (!rows) return null;
    const found = new Map(rows.map((r) => [r.pid, r]));
    return ids.map((id) => {
      const r = found.get(id);
      return r
        ? { ...r, id }
        : {
            id,
            key: null,
            account: false,
            volunteer: false,
            capacity: null,
            openAsks: 0,
            awayUntil: null,
            askLog: [],
            unansweredLog: [],
            line: 0,
            declines: [],
            open: [],
            asked: [],
            roles: [],
            edges: [],
          };
    });
  }

  /** Broker state only, read where change `atLeastSeq` is visible (null otherwise, as for people); people gone are left out. */
  async states(ids: string[], atLeastSeq = 0): Promise<StateRecord[] | null> {
    return this.visibleRows<StateRecord>(`UNWIND $ids AS pid MATCH (p:Person {id: pid}) RETURN ${STATE_RECORD}`, STATE_COLUMNS, { ids }, atLeastSeq);
  }

  /**
   * Rows of `inner` (returning `columns`), or null where change `atLeastSeq` is not yet visible: the
   * check and the read in one statement, so one round trip (a replica's catch-up waits on no more).
   */
  private async visibleRows<R extends RecordShape>(inner: string, columns: string[], params: Record<string, unknown>, atLeastSeq: number): Promise<R[] | null> {
    const rows = await this.neo4j.readRows<R & { visible: boolean }>(
      `OPTIONAL MATCH (l:PathLog {id: 'paths'})
       WITH coalesce(l.seq, 0) >= $atLeastSeq AS visible
       OPTIONAL CALL (visible) {
         WITH visible WHERE visible
         ${inner}
       }
       RETURN visible, ${columns.join(', ')}`,
      { ...params, atLeastSeq },
    );
    if (!rows[0]?.visible) return null;
    // A read that found nobody still returns its one row of nulls (the OPTIONAL CALL's).
    return rows.filter((r) => r[columns[0] as keyof R] !== null).map(({ visible: _visible, ...row }) => row as unknown as R);
  }

  /**
   * The whole graph's path data, streamed (never all rows in memory at once), and the last change
   * it includes: every read runs after that change (bookmarks), on a cluster too.
   */
  async build(): Promise<{ graph: PathGraph; seq: number }> {
    const session = this.neo4j.driver.session({ database: this.config.NEO4J_DATABASE, defaultAccessMode: neo4j.session.READ });
    let seq: number;
    let bookmarks: string[];
    try {
      const result = await session.run(`OPTIONAL MATCH (l:PathLog {id: 'paths'}) RETURN l.seq AS seq`);
      seq = Number(result.records[0]?.get('seq') ?? 0);
      bookmarks = session.lastBookmarks();
    } finally {
      await session.close();
    }
    return { graph: await this.snapshot(bookmarks), seq };
  }

  private async snapshot(bookmarks: string[]): Promise<PathGraph> {
    const stream = <R extends RecordShape>(cypher: string, each: (row: R) => void) => this.stream(cypher, each, bookmarks);
    const g = new PathGraph();
    await stream<{
      id: string;
      key: string;
      account: boolean;
      volunteer: boolean;
      capacity: number | null;
      openAsks: number;
      awayUntil: number | null;
      askLog: number[] | null;
      unansweredLog: number[] | null;
    }>(
      `MATCH (p:Person) RETURN p.id AS id, elementId(p) AS key, p:Account AS account, coalesce('VOLUNTEER' IN p.roles, false) AS volunteer,
              p.brokerCapacity AS capacity,
              coalesce(p.openAsks, 0) AS openAsks, p.awayUntil.epochMillis AS awayUntil, p.askLog AS askLog, p.unansweredLog AS unansweredLog`,
      (r) => g.setNode(g.ensure(r.id, r.key), { ...r, askLog: r.askLog ?? [], unansweredLog: r.unansweredLog ?? [] }),
    );
    const at = (key: string) => g.indexOfKey(key) ?? -1;
    const list = new EdgeList();
    await stream<{ a: string; bs: string[]; fs: number[]; ss: (number | null)[]; ls: (number | null)[]; cs: (string | null)[] }>(
      `MATCH (x:Person)
       WITH x, COLLECT { MATCH (x)-[k:KNOWS]->(y:Person)
                         RETURN {b: elementId(y), s: k.strength, l: k.lastContactAt.epochMillis,
                                 f: CASE WHEN k.recordedBy = x.id THEN 1 WHEN k.recordedBy = y.id THEN 2 ELSE 0 END
                                    + CASE WHEN k.lent = true THEN 4 ELSE 0 END + 8, c: k.context} } AS es
       WHERE size(es) > 0
       RETURN elementId(x) AS a, [e IN es | e.b] AS bs, [e IN es | e.f] AS fs, [e IN es | e.s] AS ss, [e IN es | e.l] AS ls,
              [e IN es | e.c] AS cs`,
      (r) => {
        const x = at(r.a);
        if (x < 0) return;
        for (let j = 0; j < r.bs.length; j++) {
          const y = at(r.bs[j]);
          if (y < 0) continue;
          list.push(x, y, r.ss[j] ?? 0, r.ls[j] ?? NaN, r.fs[j], g.contextCode(r.cs[j]));
        }
      },
    );
    await g.edges.load(g.slots, list);
    await stream<{ key: string; role: RoleRecord }>(
      `MATCH (p:Person)-[:HAS_ROLE]->(r:Role) WHERE r.current = true RETURN elementId(p) AS key, ${ROLE_RECORD} AS role`,
      (r) => {
        const i = at(r.key);
        if (i >= 0) g.addRole(i, { ...r.role, createdAt: r.role.createdAt ?? NaN });
      },
    );
    await stream<{ key: string; line: number }>(`MATCH (p:Person)<-[:WAITS_FOR]-() RETURN elementId(p) AS key, count(*) AS line`, (r) => {
      const i = at(r.key);
      if (i >= 0) g.addBrokerRow(i, { line: r.line });
    });
    await stream<{ key: string; m: string; at: number }>(
      `MATCH (p:Person)-[d:DECLINED_ASK]->(m:Person) RETURN elementId(p) AS key, m.id AS m, d.at AS at`,
      (r) => {
        const i = at(r.key);
        if (i >= 0) g.addBrokerRow(i, { decline: { m: r.m, at: r.at } });
      },
    );
    await stream<{ key: string; r: string }>(`MATCH (p:Person)<-[:ASKS|WAITS_FOR]-(r:IntroRequest) RETURN elementId(p) AS key, r.requesterId AS r`, (r) => {
      const i = at(r.key);
      if (i >= 0) g.addBrokerRow(i, { open: r.r });
    });
    await stream<{ key: string; r: string; at: number | null }>(
      `MATCH (p:Person)<-[a:ASKED]-(r:IntroRequest) RETURN elementId(p) AS key, r.requesterId AS r, a.at AS at`,
      (r) => {
        const i = at(r.key);
        if (i >= 0) g.addBrokerRow(i, { asked: { r: r.r, at: r.at } });
      },
    );
    return g;
  }

  /** One read query whose rows are handed over as they arrive. */
  private async stream<R extends RecordShape>(cypher: string, each: (row: R) => void, bookmarks: string[]): Promise<void> {
    // Each batch of rows is decoded at once: a person's relationships come in one row, so batches stay small.
    const session = this.neo4j.driver.session({ database: this.config.NEO4J_DATABASE, defaultAccessMode: neo4j.session.READ, fetchSize: 2_000, bookmarks });
    try {
      await new Promise<void>((resolve, reject) => {
        session.run(cypher).subscribe({
          onNext: (record) => each(record.toObject()),
          onCompleted: () => resolve(),
          onError: reject,
        });
      });
    } finally {
      await session.close();
    }
  }
}
