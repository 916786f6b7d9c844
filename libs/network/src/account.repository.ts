import { Inject, Injectable } from '@nestjs/common';
import type { AccountRole } from '#libs/auth';
import { unauthenticated } from '#libs/common';
import { Neo4jService, recordPathChange, runRows, type Tx } from '#libs/graph';
import type { AccountView, RoleRecord, WorkGoalView } from './network.types.js';
import { NetworkRepository } from './network.repository.js';
import { PERSON_VIEW } from './person-view.cypher.js';

export type ProvisionData = {
  sub: string;
  subjectKey: string;
  issuedAtMs: number;
  newPersonId: string;
  /** The token's name claim; null keeps the stored name (a new account is called NEW_MEMBER_NAME). */
  displayName: string | null;
  accountEmail: string | null;
  emailKey: string | null;
  roles: AccountRole[];
  lendsNetwork: boolean;
  brokerCapacity: number;
};

/** What an account is called until its identity provider gives a name. */
export const NEW_MEMBER_NAME = 'New member';

/** Whether a recorder's edge `k` claims the account's email ($accountEmail, normalised). */
const CLAIMS_EMAIL = `(k.email = $accountEmail OR $accountEmail IN coalesce(k.moreEmails, []))`;
const HAS_IDENTIFIERS = `(k.email IS NOT NULL OR k.phone IS NOT NULL OR k.linkedinUrl IS NOT NULL
                          OR size(coalesce(k.moreEmails, [])) > 0 OR size(coalesce(k.morePhones, [])) > 0)`;

interface RawGoal extends Omit<WorkGoalView, 'createdAt'> {
  createdAt: string;
}

/** Accounts live on their Person node (labels :Person:Account), so a member is one node in the network. */
@Injectable()
export class AccountRepository {
  constructor(
    @Inject(Neo4jService) private readonly neo4j: Neo4jService,
    @Inject(NetworkRepository) private readonly network: NetworkRepository,
  ) {}

  /**
   * Just-in-time provisioning. If someone already added this person as a contact with the same
   * email, the new account takes over that Person node, so existing relationships now reach them.
   */
  provision(d: ProvisionData): Promise<string> {
    return this.neo4j.write(async (tx) => {
      const personId = await this.provisionIn(tx, d);
      // Checked last, inside the transaction: an erasure committing meanwhile is seen here (the MERGE
      // above waited for its lock on the subject), and this sign-in rolls back instead of reviving it.
      const [tomb] = await runRows<{ at: number }>(tx, `MATCH (t:ErasedAccount {subjectKey: $subjectKey}) RETURN t.erasedAt.epochMillis AS at`, d);
      if (tomb && d.issuedAtMs <= tomb.at) throw unauthenticated('This account was deleted; sign in again to start a new one');
      return personId;
    });
  }

  private async provisionIn(tx: Tx, d: ProvisionData): Promise<string> {
    const existing = await runRows<{ id: string; rolesChanged: boolean }>(
      tx,
      `MATCH (a:Account {sub: $sub})
       WITH a, coalesce(a.roles, []) <> $roles AS rolesChanged
       SET a.roles = $roles, a.displayName = coalesce($displayName, a.displayName, $newMemberName), a.accountEmail = coalesce($accountEmail, a.accountEmail)
       RETURN a.id AS id, rolesChanged`,
      { ...d, newMemberName: NEW_MEMBER_NAME },
    );
    if (existing[0]) {
      // Whether someone volunteers shows in how paths through them are described.
      if (existing[0].rolesChanged) await recordPathChange(tx, [existing[0].id]);
      return existing[0].id;
    }
    if (d.emailKey) {
      // Bind to a person others recorded only when every recorder who typed any identifier for
      // them typed this (verified) email too. A key someone attached by claiming an address of
      // their own cannot bind, because the honest recorders' claims do not include it.
      const claimed = await runRows<{ id: string }>(
        tx,
        `MERGE (ik:IdentityKey {key: $emailKey}) ON CREATE SET ik.createdAt = datetime()
         WITH ik
         MATCH (ik)-[:IDENTIFIES]->(p:Person) WHERE NOT p:Account AND NOT ik:Suppressed
           AND EXISTS { MATCH (:Person)-[k:KNOWS]->(p) WHERE ${CLAIMS_EMAIL} }
           AND NOT EXISTS { MATCH (:Person)-[k:KNOWS]->(p) WHERE ${HAS_IDENTIFIERS} AND NOT (${CLAIMS_EMAIL}) }
         SET p:Account, p.sub = $sub, p.roles = $roles, p.displayName = coalesce($displayName, $newMemberName), p.accountEmail = $accountEmail,
             p.lendsNetwork = $lendsNetwork, p.brokerCapacity = $brokerCapacity, p.accountCreatedAt = datetime()
         RETURN p.id AS id`,
        { ...d, newMemberName: NEW_MEMBER_NAME },
      );
      if (claimed[0]) {
        await recordPathChange(tx, [claimed[0].id]);
        // From now on the account is found by its verified email alone: other identifiers on the
        // node were one recorder's claims, and must not route other members' records about
        // someone else to this account.
        await runRows(tx, `MATCH (ik:IdentityKey)-[i:IDENTIFIES]->(:Person {id: $id}) WHERE ik.key <> $emailKey DELETE i`, {
          id: claimed[0].id,
          emailKey: d.emailKey,
        });
        return claimed[0].id;
      }
    }
    const created = await runRows<{ id: string }>(
      tx,
      `MERGE (a:Account {sub: $sub})
         ON CREATE SET a:Person, a.id = $newPersonId, a.displayName = coalesce($displayName, $newMemberName), a.roles = $roles,
                       a.accountEmail = $accountEmail, a.lendsNetwork = $lendsNetwork, a.brokerCapacity = $brokerCapacity,
                       a.createdAt = datetime(), a.accountCreatedAt = datetime()
       WITH a
       OPTIONAL MATCH (ik:IdentityKey {key: $emailKey}) WHERE NOT (ik)-[:IDENTIFIES]->() AND NOT ik:Suppressed
       FOREACH (_ IN CASE WHEN ik IS NULL THEN [] ELSE [1] END | MERGE (ik)-[:IDENTIFIES]->(a))
       RETURN a.id AS id`,
      { ...d, newMemberName: NEW_MEMBER_NAME },
    );
    await recordPathChange(tx, [created[0].id]);
    return created[0].id;
  }

  async account(personId: string): Promise<AccountView | null> {
    const found = await this.neo4j.readRows<AccountView>(
      `MATCH (p:Person:Account {id: $personId})
       WITH p, null AS k
       RETURN p.id AS personId, p.roles AS roles, coalesce(p.lendsNetwork, false) AS lendsNetwork,
              coalesce(p.brokerCapacity, 0) AS brokerCapacity, coalesce(p.autoReroute, false) AS autoReroute, ${PERSON_VIEW} AS person`,
      { personId, viewerId: personId },
    );
    return found[0] ?? null;
  }

  async goals(personId: string): Promise<WorkGoalView[]> {
    const found = await this.neo4j.readRows<{ goal: RawGoal }>(
      `MATCH (:Person:Account {id: $personId})-[:WANTS]->(g:WorkGoal)
       OPTIONAL MATCH (g)-[:IN_OCCUPATION]->(o:Occupation)
       RETURN g {.id, .work, .location, .note, createdAt: toString(g.createdAt),
                 occupation: CASE WHEN o IS NULL THEN null ELSE o {.code, .title} END} AS goal
       ORDER BY g.position`,
      { personId },
    );
    return found.map(({ goal }) => ({ ...goal, createdAt: new Date(goal.createdAt) }));
  }

  /** Replaces the member's goals as one unit. */
  async setGoals(personId: string, goals: { id: string; work: string; location: string | null; note: string | null; code: string | null }[]): Promise<void> {
    await this.neo4j.write(async (tx) => {
      await runRows(tx, `MATCH (:Person:Account {id: $personId})-[:WANTS]->(g:WorkGoal) DETACH DELETE g`, { personId });
      // New goals mean new reach: drop the cached figure (coaching recomputes it).
      await runRows(tx, `MATCH (a:Person:Account {id: $personId}) REMOVE a.reachToGoalWork, a.reachComputedAt`, { personId });
      await runRows(
        tx,
        `MATCH (a:Person:Account {id: $personId})
         UNWIND range(0, size($goals) - 1) AS i
         WITH a, i, $goals[i] AS goal
         CREATE (a)-[:WANTS]->(g:WorkGoal {id: goal.id, work: goal.work, location: goal.location, note: goal.note,
                                          code: goal.code, position: i, createdAt: datetime()})
         WITH g, goal
         OPTIONAL MATCH (o:Occupation {code: goal.code})
         FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | MERGE (g)-[:IN_OCCUPATION]->(o))`,
        { personId, goals },
      );
      await runRows(tx, `MATCH (a:Person:Account {id: $personId}) SET a.lastActivityAt = datetime()`, { personId });
    });
  }

  async updateSettings(
    personId: string,
    s: {
      lendsNetwork?: boolean | null;
      brokerCapacity?: number | null;
      headlineSet: boolean;
      headline: string | null;
      roles: RoleRecord[] | null;
      awaySet?: boolean;
      awayUntil?: string | null;
      autoReroute?: boolean | null;
    },
  ): Promise<void> {
    await this.neo4j.write(async (tx) => {
      const touched = [personId];
      await runRows(
        tx,
        `MATCH (a:Person:Account {id: $personId})
         SET a.lendsNetwork = coalesce($lendsNetwork, a.lendsNetwork),
             a.brokerCapacity = coalesce($brokerCapacity, a.brokerCapacity),
             a.headline = CASE WHEN $headlineSet THEN $headline ELSE a.headline END,
             a.awayUntil = CASE WHEN $awaySet THEN datetime($awayUntil) ELSE a.awayUntil END,
             a.autoReroute = coalesce($autoReroute, a.autoReroute),
             a.updatedAt = datetime()`,
        {
          personId,
          lendsNetwork: s.lendsNetwork ?? null,
          brokerCapacity: s.brokerCapacity ?? null,
          headlineSet: s.headlineSet,
          headline: s.headline,
          awaySet: s.awaySet ?? false,
          awayUntil: s.awayUntil ?? null,
          autoReroute: s.autoReroute ?? null,
        },
      );
      if (s.lendsNetwork !== undefined && s.lendsNetwork !== null) {
        // Keep the per-edge and per-role lending flags that path finding reads in step with the setting.
        await runRows(tx, `MATCH ()-[k:KNOWS {recordedBy: $personId}]->() SET k.lent = $lends`, { personId, lends: s.lendsNetwork });
        const lentRoles = await runRows<{ id: string }>(
          tx,
          `MATCH (p:Person)-[:HAS_ROLE]->(r:Role {recordedBy: $personId}) WHERE p.id <> $personId SET r.lent = $lends RETURN DISTINCT p.id AS id`,
          { personId, lends: s.lendsNetwork },
        );
        touched.push(...lentRoles.map((r) => r.id));
      }
      if (s.roles) {
        await runRows(tx, `MATCH (a:Person:Account {id: $personId})-[:HAS_ROLE]->(r:Role {recordedBy: $personId}) DETACH DELETE r`, { personId });
        await this.network.createRoles(tx, personId, personId, s.roles);
      }
      // Edges recorded by this member are theirs in the index: their id covers those; the roles they recorded are others'.
      await recordPathChange(tx, touched);
    });
  }
}
