import { Inject, Injectable } from '@nestjs/common';
import { Neo4jService } from '#libs/graph';

/**
 * What the demo seed has added, one (:DemoSeeded {key}) node per item, so that restarting the demo only adds
 * what it never added before: a contact the user removed stays removed, settings and goals the user changed
 * stay changed, and a member an admin moved to another coach stays with that coach.
 */
@Injectable()
export class SeedLedger {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  async done(): Promise<Set<string>> {
    const rows = await this.neo4j.readRows<{ key: string }>(`MATCH (s:DemoSeeded) RETURN s.key AS key`);
    return new Set(rows.map((r) => r.key));
  }

  async record(key: string): Promise<void> {
    await this.neo4j.writeRows(`MERGE (s:DemoSeeded {key: $key}) ON CREATE SET s.at = datetime()`, { key });
  }
}
