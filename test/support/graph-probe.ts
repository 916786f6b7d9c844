import neo4j, { type Driver } from 'neo4j-driver';
import { testRun } from './test-env.js';

let driver: Driver | null = null;

/** Reads the suite's Neo4j directly, to check what the API cannot show (e.g. that erased data is really gone). */
export async function cypher<T = Record<string, unknown>>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  driver ??= neo4j.driver(testRun().neo4jUri, neo4j.auth.basic('neo4j', 'local-auth-disabled'), { disableLosslessIntegers: true });
  const result = await driver.executeQuery(query, params, { routing: neo4j.routing.READ });
  return result.records.map((r) => r.toObject() as T);
}

export async function closeProbe(): Promise<void> {
  await driver?.close();
  driver = null;
}

/**
 * The node id behind a Person id the API returned. A member's contact is shown under an id made
 * from their relationship's reference (ref_…), which only the database can turn into the node.
 */
export async function nodeIdOf(globalId: string): Promise<string> {
  const local = Buffer.from(globalId, 'base64url').toString('utf8').split(':').slice(1).join(':');
  if (!local.startsWith('ref_')) return local;
  const [row] = await cypher<{ id: string }>(`MATCH ()-[k:KNOWS]->(p:Person) WHERE k.ref = $ref RETURN p.id AS id`, { ref: local.slice(4) });
  return row?.id ?? `(no relationship with reference ${local})`;
}
