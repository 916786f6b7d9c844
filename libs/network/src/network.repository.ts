import { Inject, Injectable } from '@nestjs/common';
import { conflict, badInput } from '#libs/common';
import { Neo4jService, runRows, type Tx } from '#libs/graph';
import type { ContactData, RelationshipContext, RelationshipUpdate, RelationshipView, PersonView, RoleRecord } from './network.types.js';
import { PERSON_VIEW, RELATIONSHIP_VIEW } from './person-view.cypher.js';

interface RawRelationship extends Omit<RelationshipView, 'lastContactAt' | 'createdAt'> {
  lastContactAt: string | null;
  createdAt: string;
}

export function toRelationship(raw: RawRelationship): RelationshipView {
  return { ...raw, lastContactAt: raw.lastContactAt ? new Date(raw.lastContactAt) : null, createdAt: new Date(raw.createdAt) };
}

const NETWORK_FILTER = `
  MATCH (v:Person {id: $viewerId})-[k:KNOWS {recordedBy: $viewerId}]->(p:Person)
  WHERE ($contexts IS NULL OR k.context IN $contexts)
    AND ($search IS NULL
         OR toLower(coalesce(k.displayName, p.displayName)) CONTAINS $search
         OR EXISTS { MATCH (p)-[:HAS_ROLE]->(r:Role)
                     WHERE (r.recordedBy = $viewerId OR r.recordedBy = p.id)
                       AND (toLower(r.title) CONTAINS $search OR toLower(coalesce(r.organisation, '')) CONTAINS $search
                            OR toLower(coalesce(r.sector, '')) CONTAINS $search) })`;

/** All Cypher for a member's own network: contacts, relationships, identity keys. */
@Injectable()
export class NetworkRepository {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  async page(viewerId: string, q: { first: number; afterKey: [string, string] | null; search: string | null; contexts: RelationshipContext[] | null }) {
    const params = {
      viewerId,
      search: q.search,
      contexts: q.contexts,
      afterName: q.afterKey?.[0] ?? null,
      afterId: q.afterKey?.[1] ?? null,
      limit: q.first + 1,
    };
    return this.neo4j.read(async (tx) => {
      const found = await runRows<{ sortName: string; rel: RawRelationship }>(
        tx,
        `${NETWORK_FILTER}
         WITH v, k, p, toLower(coalesce(k.displayName, p.displayName)) AS sortName
         WHERE $afterName IS NULL OR sortName > $afterName OR (sortName = $afterName AND p.id > $afterId)
         ORDER BY sortName, p.id
         LIMIT toInteger($limit)
         RETURN sortName, ${RELATIONSHIP_VIEW} AS rel`,
        params,
      );
      const [{ total }] = await runRows<{ total: number }>(tx, `${NETWORK_FILTER} RETURN count(p) AS total`, params);
      return { rows: found.map((r) => ({ sortName: r.sortName, rel: toRelationship(r.rel) })), total };
    });
  }

  async relationship(viewerId: string, personId: string, tx?: Tx): Promise<RelationshipView | null> {
    const cypher = `MATCH (v:Person {id: $viewerId})-[k:KNOWS {recordedBy: $viewerId}]->(p:Person {id: $personId})
                    RETURN ${RELATIONSHIP_VIEW} AS rel`;
    const found = tx
      ? await runRows<{ rel: RawRelationship }>(tx, cypher, { viewerId, personId })
      : await this.neo4j.readRows<{ rel: RawRelationship }>(cypher, { viewerId, personId });
    return found[0] ? toRelationship(found[0].rel) : null;
  }

  /** The person if the viewer may see them: themselves, or someone they recorded as a contact. */
  async visiblePerson(viewerId: string, personId: string): Promise<PersonView | null> {
    const found = await this.neo4j.readRows<{ person: PersonView }>(
      `MATCH (p:Person {id: $personId})
       OPTIONAL MATCH (:Person {id: $viewerId})-[k:KNOWS {recordedBy: $viewerId}]->(p)
       WITH p, k WHERE p.id = $viewerId OR k IS NOT NULL
       RETURN ${PERSON_VIEW} AS person`,
      { viewerId, personId },
    );
    return found[0]?.person ?? null;
  }

  /**
   * Adds a contact in one transaction. Identity keys are MERGEd first, which locks them, so two
   * members adding the same email at once resolve to one person.
   */
  addContact(viewerId: string, contact: ContactData, keys: string[], roles: RoleRecord[], newPersonId: string): Promise<RelationshipView> {
    return this.neo4j.write(async (tx) => {
      // A retried transaction whose first attempt committed unseen (the database went away before
      // answering) finds its own new person: the contact is added, once.
      const mine = await this.relationship(viewerId, newPersonId, tx);
      if (mine) return mine;
      const matches = await runRows<{ key: string; personId: string | null; suppressed: boolean }>(
        tx,
        `UNWIND range(0, size($keys) - 1) AS i
         WITH i, $keys[i] AS key
         MERGE (ik:IdentityKey {key: key})
           ON CREATE SET ik.createdAt = datetime()
         WITH i, key, ik
         OPTIONAL MATCH (ik)-[:IDENTIFIES]->(p:Person)
         RETURN key, p.id AS personId, ik:Suppressed AS suppressed
         ORDER BY i`,
        { keys },
      );
      if (matches.some((m) => m.suppressed)) throw badInput('input', 'this person has asked Backr not to hold their details, so they cannot be added');
      const existing = matches.find((m) => m.personId !== null)?.personId ?? null;
      if (existing === viewerId) throw badInput('input', 'that email, phone or LinkedIn profile is your own');
      const personId = existing ?? newPersonId;
      if (existing) {
        const already = await runRows(tx, `MATCH (:Person {id: $viewerId})-[k:KNOWS {recordedBy: $viewerId}]->(:Person {id: $personId}) RETURN 1 AS x`, { viewerId, personId });
        if (already.length) throw conflict('this person is already in your network (matched by email, phone or LinkedIn)', 'input');
      } else {
        await runRows(tx, `CREATE (p:Person {id: $personId, displayName: $displayName, createdAt: datetime(), createdBy: $viewerId})`, {
          personId,
          displayName: contact.displayName,
          viewerId,
        });
      }
      // Attach the keys no one else holds yet; a key already held by another person stays with them.
      await runRows(
        tx,
        `MATCH (p:Person {id: $personId})
         UNWIND $keys AS key
         MATCH (ik:IdentityKey {key: key})
         WHERE NOT (ik)-[:IDENTIFIES]->(:Person)
         MERGE (ik)-[:IDENTIFIES]->(p)`,
        { personId, keys },
      );
      await runRows(
        tx,
        `MATCH (v:Person {id: $viewerId}), (p:Person {id: $personId})
         CREATE (v)-[:KNOWS {recordedBy: $viewerId, lent: coalesce(v.lendsNetwork, false), displayName: $c.displayName, context: $c.context, strength: $c.strength,
                             howWeMet: $c.howWeMet, lastContactAt: CASE WHEN $c.lastContactAt IS NULL THEN null ELSE datetime($c.lastContactAt) END,
                             email: $c.email, phone: $c.phone, linkedinUrl: $c.linkedinUrl, createdAt: datetime()}]->(p)`,
        {
          viewerId,
          personId,
          c: {
            displayName: contact.displayName,
            context: contact.context,
            strength: contact.strength,
            howWeMet: contact.howWeMet ?? null,
            lastContactAt: contact.lastContactAt ? contact.lastContactAt.toISOString() : null,
            email: contact.email ?? null,
            phone: contact.phone ?? null,
            linkedinUrl: contact.linkedinUrl ?? null,
          },
        },
      );
      await this.createRoles(tx, personId, viewerId, roles);
      return (await this.relationship(viewerId, personId, tx))!;
    });
  }

  async createRoles(tx: Tx, personId: string, recordedBy: string, roles: RoleRecord[]): Promise<void> {
    if (!roles.length) return;
    await runRows(
      tx,
      `MATCH (p:Person {id: $personId}), (rec:Person {id: $recordedBy})
       UNWIND $roles AS r
       CREATE (p)-[:HAS_ROLE]->(role:Role {id: r.id, title: r.title, organisation: r.organisation, sector: r.sector,
                                          location: r.location, current: r.current, code: r.code,
                                          recordedBy: $recordedBy, lent: p = rec OR coalesce(rec.lendsNetwork, false),
                                          createdAt: datetime()})
       WITH role, r
       OPTIONAL MATCH (o:Occupation {code: r.code})
       FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | MERGE (role)-[:IN_OCCUPATION]->(o))`,
      { personId, recordedBy, roles },
    );
  }

  updateRelationship(viewerId: string, personId: string, update: RelationshipUpdate): Promise<RelationshipView | null> {
    return this.neo4j.write(async (tx) => {
      const found = await runRows(
        tx,
        `MATCH (:Person {id: $viewerId})-[k:KNOWS {recordedBy: $viewerId}]->(:Person {id: $personId})
         SET k.context = coalesce($u.context, k.context),
             k.strength = coalesce($u.strength, k.strength),
             k.howWeMet = CASE WHEN $u.howWeMetSet THEN $u.howWeMet ELSE k.howWeMet END,
             k.lastContactAt = CASE WHEN $u.lastContactAt IS NULL THEN k.lastContactAt ELSE datetime($u.lastContactAt) END,
             k.updatedAt = datetime()
         RETURN 1 AS x`,
        {
          viewerId,
          personId,
          u: {
            context: update.context ?? null,
            strength: update.strength ?? null,
            howWeMetSet: update.howWeMet !== undefined,
            howWeMet: update.howWeMet ?? null,
            lastContactAt: update.lastContactAt ? update.lastContactAt.toISOString() : null,
          },
        },
      );
      return found.length ? this.relationship(viewerId, personId, tx) : null;
    });
  }

  /**
   * Removes the viewer's edge and the roles they recorded for the person. A person left with
   * no relationships and no account is deleted with their identity keys: nothing orphaned stays.
   */
  removeContact(viewerId: string, personId: string): Promise<boolean> {
    return this.neo4j.write(async (tx) => {
      const removed = await runRows<{ n: number }>(
        tx,
        `MATCH (:Person {id: $viewerId})-[k:KNOWS {recordedBy: $viewerId}]->(p:Person {id: $personId})
         DELETE k
         RETURN count(*) AS n`,
        { viewerId, personId },
      );
      if (!removed[0] || removed[0].n === 0) return false;
      await this.dropIfOrphan(tx, viewerId, personId);
      return true;
    });
  }

  private async dropIfOrphan(tx: Tx, viewerId: string, personId: string): Promise<void> {
    await runRows(
      tx,
      `MATCH (p:Person {id: $personId})-[:HAS_ROLE]->(r:Role {recordedBy: $viewerId})
       DETACH DELETE r`,
      { viewerId, personId },
    );
    await runRows(
      tx,
      `MATCH (p:Person {id: $personId})
       WHERE NOT p:Account AND NOT (p)-[:KNOWS]-()
       OPTIONAL MATCH (p)-[:HAS_ROLE]->(r:Role)
       OPTIONAL MATCH (ik:IdentityKey)-[:IDENTIFIES]->(p)
       DETACH DELETE r, ik, p`,
      { personId },
    );
  }

  /**
   * Folds the viewer's contact mergeId into keepId. The stronger strength, the more specific
   * context, both notes and the earliest/latest dates survive. When no one else knows mergeId
   * the two nodes become one (keys and roles move); otherwise only the viewer's view is folded.
   */
  mergeContacts(viewerId: string, keepId: string, mergeId: string): Promise<RelationshipView | 'keep-missing' | 'merge-missing'> {
    return this.neo4j.write(async (tx) => {
      const edges = await runRows<{ id: string }>(
        tx,
        `MATCH (:Person {id: $viewerId})-[k:KNOWS {recordedBy: $viewerId}]->(p:Person) WHERE p.id IN [$keepId, $mergeId] RETURN p.id AS id`,
        { viewerId, keepId, mergeId },
      );
      const ids = new Set(edges.map((e) => e.id));
      if (!ids.has(keepId)) return 'keep-missing';
      if (!ids.has(mergeId)) return 'merge-missing';
      await runRows(
        tx,
        `MATCH (v:Person {id: $viewerId})-[keep:KNOWS {recordedBy: $viewerId}]->(:Person {id: $keepId}),
              (v)-[gone:KNOWS {recordedBy: $viewerId}]->(m:Person {id: $mergeId})
         SET keep.strength = CASE WHEN gone.strength > keep.strength THEN gone.strength ELSE keep.strength END,
             keep.context = CASE WHEN keep.context = 'OTHER' THEN gone.context ELSE keep.context END,
             keep.howWeMet = CASE
               WHEN gone.howWeMet IS NULL OR gone.howWeMet = keep.howWeMet THEN keep.howWeMet
               WHEN keep.howWeMet IS NULL THEN gone.howWeMet
               ELSE keep.howWeMet + ' / ' + gone.howWeMet END,
             keep.createdAt = CASE WHEN gone.createdAt < keep.createdAt THEN gone.createdAt ELSE keep.createdAt END,
             keep.lastContactAt = CASE WHEN keep.lastContactAt IS NULL OR gone.lastContactAt > keep.lastContactAt THEN gone.lastContactAt ELSE keep.lastContactAt END,
             keep.email = coalesce(keep.email, gone.email),
             keep.phone = coalesce(keep.phone, gone.phone),
             keep.linkedinUrl = coalesce(keep.linkedinUrl, gone.linkedinUrl),
             keep.updatedAt = datetime()
         DELETE gone`,
        { viewerId, keepId, mergeId },
      );
      // The viewer's roles for the merged person move to the kept one.
      await runRows(
        tx,
        `MATCH (m:Person {id: $mergeId})-[h:HAS_ROLE]->(r:Role {recordedBy: $viewerId}), (keep:Person {id: $keepId})
         DELETE h
         CREATE (keep)-[:HAS_ROLE]->(r)`,
        { viewerId, keepId, mergeId },
      );
      const sole = await runRows(
        tx,
        `MATCH (m:Person {id: $mergeId}) WHERE NOT m:Account AND NOT (m)-[:KNOWS]-() RETURN 1 AS x`,
        { mergeId },
      );
      if (sole.length) {
        await runRows(
          tx,
          `MATCH (m:Person {id: $mergeId}), (keep:Person {id: $keepId})
           OPTIONAL MATCH (ik:IdentityKey)-[i:IDENTIFIES]->(m)
           FOREACH (_ IN CASE WHEN ik IS NULL THEN [] ELSE [1] END | DELETE i MERGE (ik)-[:IDENTIFIES]->(keep))`,
          { mergeId, keepId },
        );
        await runRows(tx, `MATCH (m:Person {id: $mergeId}) OPTIONAL MATCH (m)-[:HAS_ROLE]->(r:Role) DETACH DELETE r, m`, { mergeId });
      }
      return (await this.relationship(viewerId, keepId, tx))!;
    });
  }
}
