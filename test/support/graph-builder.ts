import { randomUUID } from 'node:crypto';
import { recordPathChange, type Neo4jService } from '#libs/graph';

export interface TestPerson {
  id: string;
  account?: { lends: boolean; capacity?: number; openAsks?: number; volunteer?: boolean };
  /** Occupation codes of current roles, and who recorded each (default: the person themselves when an account). */
  roles?: { code: string; title?: string; recordedBy?: string; current?: boolean }[];
}

export interface TestEdge {
  from: string;
  to: string;
  strength: number;
  /** Days since last contact; null = unknown. */
  daysAgo?: number | null;
  context?: string;
}

/**
 * Writes a small graph in the shape the service writes (Person, Account, KNOWS with recordedBy and
 * lent, Role with code, current and lent), with ids prefixed so tests never see each other's data.
 */
export class GraphBuilder {
  readonly prefix = `g${randomUUID().slice(0, 8)}`;
  private readonly people: TestPerson[] = [];
  private readonly edges: TestEdge[] = [];

  id(name: string): string {
    return `${this.prefix}-${name}`;
  }

  person(name: string, options: Omit<TestPerson, 'id'> = {}): this {
    this.people.push({
      id: this.id(name),
      ...options,
      roles: options.roles?.map((r) => ({ ...r, recordedBy: r.recordedBy ? this.id(r.recordedBy) : undefined })),
    });
    return this;
  }

  /** An edge recorded by `from`. */
  knows(from: string, to: string, strength: number, daysAgo: number | null = 10, context = 'FRIEND'): this {
    this.edges.push({ from: this.id(from), to: this.id(to), strength, daysAgo, context });
    return this;
  }

  async write(neo4j: Neo4jService): Promise<void> {
    const now = Date.now();
    await neo4j.writeRows(
      `UNWIND $people AS p
       CREATE (n:Person {id: p.id, displayName: p.id, createdAt: datetime()})
       FOREACH (_ IN CASE WHEN p.account IS NULL THEN [] ELSE [1] END |
         SET n:Account, n.sub = p.id, n.lendsNetwork = p.account.lends, n.brokerCapacity = coalesce(p.account.capacity, 3),
             n.openAsks = coalesce(p.account.openAsks, 0), n.roles = CASE WHEN p.account.volunteer THEN ['VOLUNTEER'] ELSE ['MEMBER'] END)`,
      { people: this.people.map((p) => ({ id: p.id, account: p.account ?? null })) },
    );
    await neo4j.writeRows(
      `UNWIND $edges AS e
       MATCH (a:Person {id: e.from}), (b:Person {id: e.to})
       CREATE (a)-[:KNOWS {recordedBy: e.from, lent: coalesce(a.lendsNetwork, false), strength: e.strength, context: e.context,
                           displayName: e.to, createdAt: datetime(),
                           lastContactAt: CASE WHEN e.last IS NULL THEN null ELSE datetime({epochMillis: toInteger(e.last)}) END}]->(b)`,
      { edges: this.edges.map((e) => ({ ...e, last: e.daysAgo === null || e.daysAgo === undefined ? null : now - e.daysAgo * 86_400_000 })) },
    );
    const roles = this.people.flatMap((p) =>
      (p.roles ?? []).map((r, i) => ({
        id: `${p.id}-r${i}`,
        person: p.id,
        code: r.code,
        title: r.title ?? `Role ${r.code}`,
        current: r.current ?? true,
        recordedBy: r.recordedBy ?? p.id,
      })),
    );
    await neo4j.writeRows(
      `UNWIND $roles AS r
       MATCH (p:Person {id: r.person}), (rec:Person {id: r.recordedBy})
       CREATE (p)-[:HAS_ROLE]->(:Role {id: r.id, title: r.title, code: r.code, current: r.current, recordedBy: r.recordedBy,
                                      lent: p = rec OR coalesce(rec.lendsNetwork, false), createdAt: datetime()})`,
      { roles },
    );
    // Written like the service writes: recorded in the path change log, so in-memory path indexes follow.
    await neo4j.write((tx) =>
      recordPathChange(
        tx,
        this.people.map((p) => p.id),
      ),
    );
  }

  get allPeople(): readonly TestPerson[] {
    return this.people;
  }
  get allEdges(): readonly TestEdge[] {
    return this.edges;
  }
}
