import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { conflict, badInput } from '#libs/common';
import { Neo4jService, recordPathChange, runRows, type Tx } from '#libs/graph';
import type { ContactData, RecordedEdge, RelationshipContext, RelationshipUpdate, RelationshipView, PersonView, RoleRecord } from './network.types.js';
import { claimsAnyOf, PERSON_VIEW, RELATIONSHIP_VIEW } from './person-view.cypher.js';

interface RawRelationship extends Omit<RelationshipView, 'lastContactAt' | 'createdAt'> {
  lastContactAt: string | null;
  createdAt: string;
}

/** A contact's identifiers as the recorder typed them (normalised), for storing on their relationship. */
function claimsOf(contact: ContactData): { emails: string[]; phones: string[]; linkedinUrl: string | null } {
  return { emails: contact.emails ?? [], phones: contact.phones ?? [], linkedinUrl: contact.linkedinUrl ?? null };
}

export function toRelationship(raw: RawRelationship): RelationshipView {
  return { ...raw, lastContactAt: raw.lastContactAt ? new Date(raw.lastContactAt) : null, createdAt: new Date(raw.createdAt) };
}

const NETWORK_FILTER = `
  MATCH (v:Person {id: $viewerId})-[k:KNOWS {recordedBy: $viewerId}]->(p:Person)
  WHERE ($contexts IS NULL OR k.context IN $contexts)
    AND ($orgRegex IS NULL
         OR EXISTS { MATCH (p)-[:HAS_ROLE]->(r:Role {recordedBy: $viewerId})
                     WHERE (coalesce(r.organisation, '') + ' | ' + coalesce(r.sector, '')) =~ $orgRegex })
    AND ($search IS NULL
         OR toLower(coalesce(k.displayName, p.displayName)) CONTAINS $search
         OR EXISTS { MATCH (p)-[:HAS_ROLE]->(r:Role)
                     WHERE r.recordedBy = $viewerId
                       AND (toLower(r.title) CONTAINS $search OR toLower(coalesce(r.organisation, '')) CONTAINS $search
                            OR toLower(coalesce(r.sector, '')) CONTAINS $search) })`;

/** All Cypher for a member's own network: contacts, relationships, identity keys. */
@Injectable()
export class NetworkRepository {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  async page(
    viewerId: string,
    q: { first: number; afterKey: [string, string] | null; search: string | null; contexts: RelationshipContext[] | null; organisationPattern: string | null },
  ) {
    const params = {
      viewerId,
      search: q.search,
      contexts: q.contexts,
      orgRegex: q.organisationPattern ? `(?is).*(?:${q.organisationPattern}).*` : null,
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

  /** The person behind one of the viewer's relationship references (see CONTACT_REF_PREFIX). */
  async personByRef(viewerId: string, ref: string): Promise<string | null> {
    const [row] = await this.neo4j.readRows<{ id: string }>(
      `MATCH (:Person {id: $viewerId})-[k:KNOWS {recordedBy: $viewerId}]->(p:Person) WHERE k.ref = $ref RETURN p.id AS id`,
      { viewerId, ref },
    );
    return row?.id ?? null;
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
   *
   * What a member types is their claim, kept on their own relationship. A claim may find a person
   * someone else recorded, but its other identifiers never attach to that person: only a person
   * created by this claim gets its keys. When the person found is already the viewer's contact
   * through identifiers only others typed, a separate contact is made, so the answer never tells
   * the viewer that two identifiers belong to one person.
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
      const claims = claimsOf(contact);
      const found = matches.find((m) => m.personId !== null)?.personId ?? null;
      if (found === viewerId) throw badInput('input', 'that email, phone or LinkedIn profile is your own');
      let personId = found ?? newPersonId;
      if (found) {
        const [already] = await runRows<{ own: boolean }>(
          tx,
          `MATCH (:Person {id: $viewerId})-[k:KNOWS {recordedBy: $viewerId}]->(:Person {id: $personId})
           RETURN ${claimsAnyOf('$c')} AS own`,
          { viewerId, personId, c: claims },
        );
        if (already?.own) throw conflict('this person is already in your network (you recorded this email, phone or LinkedIn profile for them)', 'input');
        if (already) personId = newPersonId;
      }
      if (personId === newPersonId) {
        await runRows(tx, `CREATE (p:Person {id: $personId, displayName: $displayName, createdAt: datetime(), createdBy: $viewerId})`, {
          personId,
          displayName: contact.displayName,
          viewerId,
        });
        if (!found) {
          // A person this claim creates is found by its keys from now on.
          await runRows(
            tx,
            `MATCH (p:Person {id: $personId})
             UNWIND $keys AS key
             MATCH (ik:IdentityKey {key: key})
             WHERE NOT (ik)-[:IDENTIFIES]->(:Person)
             MERGE (ik)-[:IDENTIFIES]->(p)`,
            { personId, keys },
          );
        }
      }
      await runRows(
        tx,
        `MATCH (v:Person {id: $viewerId}), (p:Person {id: $personId})
         CREATE (v)-[:KNOWS {recordedBy: $viewerId, ref: $ref, lent: coalesce(v.lendsNetwork, false), displayName: $c.displayName, context: $c.context,
                             strength: $c.strength, howWeMet: $c.howWeMet,
                             lastContactAt: CASE WHEN $c.lastContactAt IS NULL THEN null ELSE datetime($c.lastContactAt) END,
                             email: $c.emails[0], moreEmails: $c.emails[1..], phone: $c.phones[0], morePhones: $c.phones[1..],
                             linkedinUrl: $c.linkedinUrl, createdAt: datetime()}]->(p)`,
        {
          viewerId,
          personId,
          ref: randomUUID(),
          c: {
            ...claims,
            displayName: contact.displayName,
            context: contact.context,
            strength: contact.strength,
            howWeMet: contact.howWeMet ?? null,
            lastContactAt: contact.lastContactAt ? contact.lastContactAt.toISOString() : null,
          },
        },
      );
      await this.createRoles(tx, personId, viewerId, roles);
      // The contact's record holds the new relationship (mirrored into the member's row): no need to re-read a member with thousands.
      await recordPathChange(tx, [personId], [viewerId]);
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

  /**
   * Changes the viewer's own record of a contact. New identifiers are the viewer's claims on their
   * edge; they identify the person only when the viewer is the person's sole recorder (the record
   * is wholly theirs). Keys no recorder's details support any more stop identifying the person.
   */
  updateRelationship(
    viewerId: string,
    personId: string,
    update: RelationshipUpdate,
    keysOfRecorded: (details: RecordedEdge) => string[],
  ): Promise<RelationshipView | null> {
    return this.neo4j.write(async (tx) => {
      const found = await runRows(
        tx,
        `MATCH (:Person {id: $viewerId})-[k:KNOWS {recordedBy: $viewerId}]->(:Person {id: $personId})
         SET k.context = coalesce($u.context, k.context),
             k.strength = coalesce($u.strength, k.strength),
             k.displayName = coalesce($u.displayName, k.displayName),
             k.howWeMet = CASE WHEN $u.howWeMetSet THEN $u.howWeMet ELSE k.howWeMet END,
             k.lastContactAt = CASE WHEN $u.lastContactAt IS NULL THEN k.lastContactAt ELSE datetime($u.lastContactAt) END,
             k.updatedAt = datetime()
         FOREACH (ids IN CASE WHEN $u.ids IS NULL THEN [] ELSE [$u.ids] END |
           SET k.email = CASE WHEN ids.kinds.emails THEN ids.emails[0] ELSE k.email END,
               k.moreEmails = CASE WHEN ids.kinds.emails THEN ids.emails[1..] ELSE k.moreEmails END,
               k.phone = CASE WHEN ids.kinds.phones THEN ids.phones[0] ELSE k.phone END,
               k.morePhones = CASE WHEN ids.kinds.phones THEN ids.phones[1..] ELSE k.morePhones END,
               k.linkedinUrl = CASE WHEN ids.kinds.linkedin THEN ids.linkedinUrl ELSE k.linkedinUrl END)
         RETURN 1 AS x`,
        {
          viewerId,
          personId,
          u: {
            context: update.context ?? null,
            strength: update.strength ?? null,
            displayName: update.displayName ?? null,
            howWeMetSet: update.howWeMet !== undefined,
            howWeMet: update.howWeMet ?? null,
            lastContactAt: update.lastContactAt ? update.lastContactAt.toISOString() : null,
            ids: update.identifiers ?? null,
          },
        },
      );
      if (!found.length) return null;
      if (update.roles) {
        await runRows(tx, `MATCH (:Person {id: $personId})-[:HAS_ROLE]->(r:Role {recordedBy: $viewerId}) DETACH DELETE r`, { viewerId, personId });
        await this.createRoles(tx, personId, viewerId, update.roles);
      }
      if (update.identifiers) await this.reconcileKeys(tx, viewerId, personId, keysOfRecorded);
      await recordPathChange(tx, [personId], [viewerId]);
      return this.relationship(viewerId, personId, tx);
    });
  }

  /** After an edit of identifiers: keys follow what recorders' details support (accounts keep theirs). */
  private async reconcileKeys(tx: Tx, viewerId: string, personId: string, keysOfRecorded: (details: RecordedEdge) => string[]): Promise<void> {
    const [row] = await runRows<{ account: boolean; edges: (RecordedEdge & { recordedBy: string })[] }>(
      tx,
      `MATCH (p:Person {id: $personId})
       RETURN p:Account AS account,
              COLLECT { MATCH (:Person)-[k:KNOWS]->(p) RETURN k {.recordedBy, .email, .moreEmails, .phone, .morePhones, .linkedinUrl} } AS edges`,
      { personId },
    );
    if (!row || row.account) return;
    const supported = [...new Set(row.edges.flatMap((e) => keysOfRecorded(e)))];
    const sole = row.edges.every((e) => e.recordedBy === viewerId);
    await runRows(
      tx,
      `MATCH (ik:IdentityKey)-[i:IDENTIFIES]->(:Person {id: $personId}) WHERE NOT ik.key IN $supported
       DELETE i
       WITH ik WHERE NOT ik:Suppressed AND NOT (ik)--()
       DELETE ik`,
      { personId, supported },
    );
    if (sole) {
      await runRows(
        tx,
        `MATCH (p:Person {id: $personId})
         UNWIND $supported AS key
         MERGE (ik:IdentityKey {key: key}) ON CREATE SET ik.createdAt = datetime()
         WITH p, ik WHERE NOT (ik)-[:IDENTIFIES]->() AND NOT ik:Suppressed
         MERGE (ik)-[:IDENTIFIES]->(p)`,
        { personId, supported },
      );
    }
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
      await recordPathChange(tx, [personId], [viewerId]);
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
      const sole = await runRows(tx, `MATCH (m:Person {id: $mergeId}) WHERE NOT m:Account AND NOT (m)-[:KNOWS]-() RETURN 1 AS x`, { mergeId });
      if (sole.length) {
        // The merged person's keys were this member's claims: they follow only onto a person whose
        // record is wholly this member's; otherwise they would attach to someone others recorded.
        await runRows(
          tx,
          `MATCH (m:Person {id: $mergeId}), (keep:Person {id: $keepId})
           WITH m, keep, NOT keep:Account AND NOT EXISTS { MATCH (:Person)-[k:KNOWS]->(keep) WHERE k.recordedBy <> $viewerId } AS mine
           OPTIONAL MATCH (ik:IdentityKey)-[i:IDENTIFIES]->(m)
           FOREACH (_ IN CASE WHEN ik IS NULL THEN [] ELSE [1] END | DELETE i)
           FOREACH (_ IN CASE WHEN ik IS NULL OR NOT mine THEN [] ELSE [1] END | MERGE (ik)-[:IDENTIFIES]->(keep))`,
          { mergeId, keepId, viewerId },
        );
        await runRows(tx, `MATCH (m:Person {id: $mergeId}) OPTIONAL MATCH (m)-[:HAS_ROLE]->(r:Role) DETACH DELETE r, m`, { mergeId });
      }
      await recordPathChange(tx, [keepId, mergeId], [viewerId]);
      return (await this.relationship(viewerId, keepId, tx))!;
    });
  }
}
