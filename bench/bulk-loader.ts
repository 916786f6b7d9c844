import type { Neo4jService } from '#libs/graph';
import { CONTEXTS, lastContactOffsetMs, type SyntheticNetwork } from './synthetic-network.js';

const BATCH = 20_000;
export const personId = (i: number) => `b-${i}`;

/**
 * Writes the synthetic network in the shape the service's repositories write (Person/Account,
 * KNOWS with recordedBy and lent, Role with code, current and lent, HAS_ROLE, IN_OCCUPATION),
 * in batched UNWIND transactions, under the same constraints and indexes (migrations ran first).
 */
export async function loadNetwork(neo4j: Neo4jService, net: SyntheticNetwork, log: (msg: string) => void): Promise<{ seconds: number; relsPerSecond: number }> {
  const started = Date.now();
  for (let i = 0; i < net.people; i += BATCH) {
    const rows = [];
    for (let p = i; p < Math.min(net.people, i + BATCH); p++) {
      rows.push({ id: personId(p), account: net.account[p] === 1, lends: net.lends[p] === 1, volunteer: net.volunteer[p] === 1, capacity: net.capacity[p] });
    }
    await neo4j.writeRows(
      `UNWIND $rows AS r
       CREATE (p:Person {id: r.id, displayName: 'Person ' + r.id, createdAt: datetime()})
       FOREACH (_ IN CASE WHEN r.account THEN [1] ELSE [] END |
         SET p:Account, p.sub = r.id, p.lendsNetwork = r.lends, p.brokerCapacity = r.capacity,
             p.roles = CASE WHEN r.volunteer THEN ['VOLUNTEER'] ELSE ['MEMBER'] END)`,
      { rows },
    );
  }
  log(`people: ${net.people} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const now = Date.now();
  const edges = net.edgeFrom.length;
  for (let i = 0; i < edges; i += BATCH) {
    const rows = [];
    for (let e = i; e < Math.min(edges, i + BATCH); e++) {
      rows.push({
        a: personId(net.edgeFrom[e]),
        b: personId(net.edgeTo[e]),
        s: net.strength[e],
        c: CONTEXTS[net.context[e]],
        last: net.daysAgo[e] < 0 ? null : now - lastContactOffsetMs(net.daysAgo[e]),
      });
    }
    await neo4j.writeRows(
      `UNWIND $rows AS r
       MATCH (a:Person {id: r.a}), (b:Person {id: r.b})
       CREATE (a)-[:KNOWS {recordedBy: r.a, lent: coalesce(a.lendsNetwork, false), strength: r.s, context: r.c,
                           lastContactAt: CASE WHEN r.last IS NULL THEN null ELSE datetime({epochMillis: toInteger(r.last)}) END,
                           createdAt: datetime()}]->(b)`,
      { rows },
    );
    if ((i / BATCH) % 10 === 0) log(`relationships: ${Math.min(edges, i + BATCH)} / ${edges}`);
  }
  for (let i = 0; i < net.people; i += BATCH) {
    const rows = [];
    for (let p = i; p < Math.min(net.people, i + BATCH); p++) {
      if (net.occupation[p] < 0 || net.roleRecorder[p] < 0) continue;
      rows.push({ p: personId(p), rec: personId(net.roleRecorder[p]), code: net.codes[net.occupation[p]] });
    }
    await neo4j.writeRows(
      `UNWIND $rows AS r
       MATCH (p:Person {id: r.p}), (rec:Person {id: r.rec}), (o:Occupation {code: r.code})
       CREATE (p)-[:HAS_ROLE]->(role:Role {id: r.p + '-role', title: o.title, code: r.code, current: true, recordedBy: r.rec,
                                          lent: p = rec OR coalesce(rec.lendsNetwork, false), createdAt: datetime()})
       CREATE (role)-[:IN_OCCUPATION]->(o)`,
      { rows },
    );
  }
  const seconds = (Date.now() - started) / 1000;
  return { seconds, relsPerSecond: Math.round(edges / seconds) };
}
