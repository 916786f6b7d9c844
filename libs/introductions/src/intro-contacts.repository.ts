import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Neo4jService, runRows } from '#libs/graph';
import { RELATIONSHIP_VIEW, type RelationshipContext, type RelationshipView } from '#libs/network';

export interface IntroducedContact {
  displayName: string;
  context: RelationshipContext;
  strength: number;
  email: string | null;
  phone: string | null;
  linkedinUrl: string | null;
}

/** Cypher for adding the person an introduction was made to as the member's own contact. */
@Injectable()
export class IntroContactsRepository {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  /**
   * The member's own relationship to the person, holding only the details shown to them on the
   * introduction as their claim. No identity key is attached (the person was not created by this
   * claim). Null when the member already recorded this person.
   */
  add(viewerId: string, personId: string, c: IntroducedContact): Promise<RelationshipView | null> {
    return this.neo4j.write(async (tx) => {
      const [row] = await runRows<{
        rel: (Omit<RelationshipView, 'lastContactAt' | 'createdAt'> & { lastContactAt: string | null; createdAt: string }) | null;
      }>(
        tx,
        `MATCH (v:Person:Account {id: $viewerId}), (p:Person {id: $personId})
         SET v._lock = true REMOVE v._lock
         WITH v, p
         OPTIONAL MATCH (v)-[had:KNOWS {recordedBy: $viewerId}]->(p)
         WITH v, p, count(had) AS had
         CALL (v, p, had) {
           WITH v, p, had WHERE had = 0
           CREATE (v)-[k:KNOWS {recordedBy: $viewerId, ref: $ref, lent: coalesce(v.lendsNetwork, false), displayName: $c.displayName,
                                context: $c.context, strength: $c.strength, howWeMet: 'Introduced through Backr',
                                email: $c.email, moreEmails: [], phone: $c.phone, morePhones: [], linkedinUrl: $c.linkedinUrl,
                                source: 'introduction', createdAt: datetime()}]->(p)
           RETURN ${RELATIONSHIP_VIEW} AS rel
         }
         RETURN rel`,
        { viewerId, personId, ref: randomUUID(), c },
      );
      if (!row?.rel) return null;
      const raw = row.rel;
      return { ...raw, lastContactAt: raw.lastContactAt ? new Date(raw.lastContactAt) : null, createdAt: new Date(raw.createdAt) };
    });
  }
}
