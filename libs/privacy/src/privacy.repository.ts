import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RecordedEdge } from '#libs/network';
import { Neo4jService, recordPathChange, runRows, type Tx } from '#libs/graph';

/** What others recorded about a person: the details from which identity keys are kept. */
export interface Attestation {
  displayName: string | null;
  email: string | null;
  moreEmails?: string[] | null;
  phone: string | null;
  morePhones?: string[] | null;
  linkedinUrl: string | null;
}

export interface AuditRow {
  id: string;
  at: string;
  actorId: string;
  action: string;
  subjectId: string;
  ms: number;
  /** The name held now; null when the person is no longer held. */
  actorName: string | null;
  subjectName: string | null;
}

/** Which entries an admin asks for: all optional, combined with AND. */
export interface AuditFilter {
  subjectId: string | null;
  actorId: string | null;
  /** Part of the actor's name, lower case. */
  actorName: string | null;
  action: string | null;
  /** ISO times: from inclusive, until exclusive. */
  from: string | null;
  until: string | null;
}

/** All Cypher for the privacy rights: export, erasure, suppression and their audit log. */
@Injectable()
export class PrivacyRepository {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  /**
   * Everything held about the person and everything they entered. What others recorded about them
   * is given as the contact details held (their own data) and a count, not who recorded them.
   */
  async export(personId: string): Promise<Record<string, unknown> | null> {
    const [row] = await this.neo4j.readRows<{ data: Record<string, unknown> }>(
      `MATCH (me:Person {id: $personId})
       RETURN {
         account: me {.id, .displayName, .headline, .roles, .accountEmail, .lendsNetwork, .brokerCapacity, .coachCapacity,
                      autoReroute: coalesce(me.autoReroute, false), awayUntil: toString(me.awayUntil),
                      asksLeftUnansweredAt: [t IN coalesce(me.unansweredLog, []) | toString(datetime({epochMillis: t}))],
                      accountCreatedAt: toString(me.accountCreatedAt)},
         goals: COLLECT { MATCH (me)-[:WANTS]->(g:WorkGoal) RETURN g {.work, .location, .note, .code, createdAt: toString(g.createdAt)} },
         ownWorkRoles: COLLECT { MATCH (me)-[:HAS_ROLE]->(r:Role) WHERE r.recordedBy = me.id
                                 RETURN r {.title, .organisation, .sector, .location, .current, .code} },
         contacts: COLLECT {
           MATCH (me)-[k:KNOWS {recordedBy: me.id}]->(p:Person)
           RETURN k {.ref, .displayName, .context, .strength, .howWeMet, .email, .moreEmails, .phone, .morePhones, .linkedinUrl, .source, .importJob,
                     lastContactAt: toString(k.lastContactAt), createdAt: toString(k.createdAt),
                     workRolesYouRecorded: COLLECT { MATCH (p)-[:HAS_ROLE]->(r:Role {recordedBy: me.id}) RETURN r {.title, .organisation, .current} }}
         },
         heldAboutYouByOthers: {
           recordedBy: COUNT { MATCH (other:Person)-[k:KNOWS]->(me) WHERE k.recordedBy <> me.id },
           contactDetails: COLLECT { MATCH (:Person)-[k:KNOWS]->(me) WHERE k.recordedBy <> me.id
                                     UNWIND [k.email, k.phone, k.linkedinUrl] AS v WITH v WHERE v IS NOT NULL RETURN DISTINCT v }
         },
         introductionsRequested: COLLECT {
           MATCH (me)-[:REQUESTED]->(r:IntroRequest)
           RETURN r {.id, .status, .message, .outcome, createdAt: toString(r.createdAt), updatedAt: toString(r.updatedAt)}
         },
         introductionAnswers: COLLECT {
           MATCH (r:IntroRequest)-[:HAS_EVENT]->(e:IntroEvent {actorId: me.id}) WHERE e.kind IN ['ACCEPTED', 'DECLINED']
           RETURN {request: r.id, answer: e.kind, note: e.note, at: toString(e.at), sharedWithCoach: e.shareWithCoach}
         },
         coachNotesSharedWithYou: COLLECT {
           MATCH (n:CoachNote {memberId: me.id, visibility: 'SHARED_WITH_MEMBER'}) RETURN n {.body, createdAt: toString(n.createdAt)}
         },
         coachNotesYouWrote: COLLECT { MATCH (me)-[:WROTE]->(n:CoachNote) RETURN n {.memberId, .body, .visibility, createdAt: toString(n.createdAt)} },
         coach: head(COLLECT { MATCH (c:Person)-[:COACHES]->(me) RETURN c.displayName }),
         eventsAttended: COLLECT { MATCH (me)-[:ATTENDED]->(e:Event) RETURN e {.id, .title, startsAt: toString(e.startsAt)} },
         eventsCreated: COLLECT { MATCH (me)-[:CREATED_EVENT]->(e:Event) RETURN e {.id, .title, .theme, .location, startsAt: toString(e.startsAt)} },
         imports: COLLECT { MATCH (me)-[:IMPORTED]->(j:ImportJob) RETURN j {.id, .format, .status, .created, .linkedExisting, .skipped, createdAt: toString(j.createdAt)} }
       } AS data`,
      { personId },
    );
    return row?.data ?? null;
  }

  /** The audit trail of privacy operations (who read or changed whose data), for admins. */
  async audit(actorId: string, action: string, subjectId: string, tx?: Tx): Promise<void> {
    const cypher = `CREATE (:AuditEntry {id: randomUUID(), at: datetime(), actorId: $actorId, action: $action, subjectId: $subjectId})`;
    if (tx) await runRows(tx, cypher, { actorId, action, subjectId });
    else await this.neo4j.writeRows(cypher, { actorId, action, subjectId });
  }

  /** Newest first, filtered; keyset paging on (time, id), with the filtered total. */
  auditLog(filter: AuditFilter, first: number, after: [number, string] | null): Promise<{ rows: AuditRow[]; totalCount: number }> {
    const found = `MATCH (a:AuditEntry)
      WHERE ($subjectId IS NULL OR a.subjectId = $subjectId)
        AND ($actorId IS NULL OR a.actorId = $actorId)
        AND ($action IS NULL OR a.action = $action)
        AND ($from IS NULL OR a.at >= datetime($from))
        AND ($until IS NULL OR a.at < datetime($until))
      OPTIONAL MATCH (actor:Person {id: a.actorId})
      WITH a, actor
      WHERE $actorName IS NULL OR toLower(coalesce(actor.displayName, '')) CONTAINS $actorName`;
    const params = { ...filter };
    return this.neo4j.read(async (tx) => {
      const rows = await runRows<AuditRow>(
        tx,
        `${found}
         WITH a, actor WHERE $afterMs IS NULL OR a.at.epochMillis < $afterMs OR (a.at.epochMillis = $afterMs AND a.id < $afterId)
         OPTIONAL MATCH (subject:Person {id: a.subjectId})
         RETURN a.id AS id, toString(a.at) AS at, a.at.epochMillis AS ms, a.actorId AS actorId, a.action AS action, a.subjectId AS subjectId,
                actor.displayName AS actorName, subject.displayName AS subjectName
         ORDER BY a.at DESC, id DESC
         LIMIT toInteger($limit)`,
        { ...params, afterMs: after?.[0] ?? null, afterId: after?.[1] ?? null, limit: first + 1 },
      );
      const [count] = await runRows<{ n: number }>(tx, `${found} RETURN count(a) AS n`, params);
      return { rows, totalCount: count.n };
    });
  }

  /** Whether the person exists and holds an account. */
  async kind(personId: string): Promise<'account' | 'person' | null> {
    const [row] = await this.neo4j.readRows<{ account: boolean }>(`MATCH (p:Person {id: $personId}) RETURN p:Account AS account`, { personId });
    return row ? (row.account ? 'account' : 'person') : null;
  }

  /**
   * Erases an account in one transaction: everything they entered (contacts, roles they recorded,
   * goals, notes, their requests, imports, pending jobs of those), notes written about them, their
   * place on caseloads and at events; the words of their answers on others' requests. People only
   * they knew go too. Their own node goes unless others know them or it is on others' requests; then
   * it stays as a plain contact (the name others gave it, the identity keys others' details
   * support), unlinked from everything they entered.
   */
  erase(personId: string, subjectKey: string, keysToKeep: (others: Attestation[]) => string[]): Promise<{ importIds: string[] } | null> {
    return this.neo4j.write(async (tx) => {
      const [me] = await runRows<{ contacts: string[]; importIds: string[]; requestIds: string[] }>(
        tx,
        `MATCH (me:Person:Account {id: $personId})
         RETURN COLLECT { MATCH (me)-[:KNOWS]->(p:Person) RETURN DISTINCT p.id } +
                COLLECT { MATCH (p:Person)-[:HAS_ROLE]->(:Role {recordedBy: $personId}) WHERE p <> me RETURN DISTINCT p.id } AS contacts,
                COLLECT { MATCH (me)-[:IMPORTED]->(j:ImportJob) RETURN j.id } AS importIds,
                COLLECT { MATCH (r:IntroRequest {requesterId: $personId}) RETURN r.id } AS requestIds`,
        { personId },
      );
      if (!me) return null;
      const run = (cypher: string, params: Record<string, unknown> = {}) => runRows(tx, cypher, { personId, ...params });
      // Brokers whose asks, line or declines involve them change state for path finding too.
      const brokers = await run(
        `MATCH (me:Person {id: $personId})
         RETURN COLLECT { MATCH (:IntroRequest {requesterId: $personId})-[:ASKS|WAITS_FOR|ASKED]->(b:Person) RETURN DISTINCT b.id } +
                COLLECT { MATCH (me)-[:DECLINED_ASK]-(b:Person) RETURN DISTINCT b.id } AS ids`,
      );
      await run(`MATCH (r:IntroRequest {requesterId: $personId}) OPTIONAL MATCH (r)-[:HAS_EVENT]->(e:IntroEvent)
                 WITH r, collect(e) AS events FOREACH (e IN events | DETACH DELETE e) DETACH DELETE r`);
      const ids = [...me.requestIds, ...me.importIds];
      if (ids.length) await run(`MATCH (p:PendingJob) WHERE any(id IN $ids WHERE p.data CONTAINS id) DELETE p`, { ids });
      await run(`MATCH (e:IntroEvent {actorId: $personId}) SET e.note = null, e.shareWithCoach = false`);
      await run(`MATCH (:Person {id: $personId})-[:WANTS]->(g:WorkGoal) DETACH DELETE g`);
      await run(`MATCH (r:Role {recordedBy: $personId}) DETACH DELETE r`);
      await run(`MATCH (:Person {id: $personId})-[k:KNOWS]->() DELETE k`);
      await run(`MATCH (:Person {id: $personId})-[:WROTE]->(n:CoachNote) DETACH DELETE n`);
      await run(`MATCH (n:CoachNote)-[:ABOUT]->(:Person {id: $personId}) DETACH DELETE n`);
      await run(`MATCH (:Person {id: $personId})-[c:COACHES]-() DELETE c`);
      await run(`MATCH (n:Nudge {memberId: $personId}) DELETE n`);
      await run(`MATCH (i:CoachInvitation) WHERE i.memberId = $personId OR i.coachId = $personId DELETE i`);
      await run(`MATCH (n:CoachingNotice) WHERE n.recipientId = $personId OR n.memberId = $personId OR n.coachId = $personId DELETE n`);
      await run(`MATCH (:Person {id: $personId})-[c:CREATED_EVENT]->(e:Event) DELETE c REMOVE e.createdBy`);
      await run(`MATCH (:Person {id: $personId})-[a:ATTENDED]->() DELETE a`);
      await run(`MATCH (:Person {id: $personId})-[:IMPORTED]->(j:ImportJob) OPTIONAL MATCH (j)-[:HAS_UPLOAD]->(u) DETACH DELETE u, j`);
      // People only they knew, who are on nobody's request.
      await run(
        `UNWIND $contacts AS cid
         MATCH (p:Person {id: cid})
         WHERE NOT p:Account AND NOT (p)-[:KNOWS]-() AND NOT (:IntroRequest)-[:STEP]->(p)
         OPTIONAL MATCH (p)-[:HAS_ROLE]->(r:Role)
         OPTIONAL MATCH (ik:IdentityKey)-[:IDENTIFIES]->(p)
         DETACH DELETE r, ik, p`,
        { contacts: me.contacts },
      );
      // People others also know stay, with nothing of theirs: the name others gave them where they
      // named them first, no trace of who created them, and only identity keys others' details support.
      const kept = await runRows<{ id: string; others: Attestation[] }>(
        tx,
        `UNWIND $contacts AS cid
         MATCH (p:Person {id: cid}) WHERE NOT p:Account
         RETURN p.id AS id, COLLECT { MATCH (:Person)-[k:KNOWS]->(p) RETURN k {.displayName, .email, .phone, .linkedinUrl} AS k } AS others`,
        { contacts: me.contacts },
      );
      if (kept.length) {
        const rows = kept.map((c) => ({ id: c.id, name: c.others.find((o) => o.displayName)?.displayName ?? null, keep: keysToKeep(c.others) }));
        await run(
          `UNWIND $rows AS row
           MATCH (p:Person {id: row.id})
           SET p.displayName = CASE WHEN p.createdBy = $personId THEN coalesce(row.name, 'Former contact') ELSE p.displayName END,
               p.createdBy = CASE WHEN p.createdBy = $personId THEN null ELSE p.createdBy END`,
          { rows },
        );
        await run(
          `UNWIND $rows AS row
           MATCH (ik:IdentityKey)-[:IDENTIFIES]->(:Person {id: row.id})
           WHERE NOT ik.key IN row.keep
           DETACH DELETE ik`,
          { rows },
        );
      }
      // Asks opened after the requests were settled (a race) go too; those requests expire on their own.
      await run(`MATCH (:IntroRequest)-[a:ASKS|WAITS_FOR|ASKED]->(:Person {id: $personId}) DELETE a`);
      // Others' requests keep their history, but nothing the erased member declared about
      // themselves, and their id only as a tombstone reference (one per erasure, linked to nothing).
      const tombstone = `erased:${randomUUID()}`;
      await run(
        `MATCH (me:Person {id: $personId})
         MATCH (:IntroRequest)-[s:STEP]->(me)
         SET s.work = null,
             s.label = CASE WHEN s.label = me.displayName THEN 'Former member' ELSE s.label END,
             s.askeeId = CASE WHEN s.askeeId = $personId THEN $tombstone ELSE s.askeeId END`,
        { tombstone },
      );
      await run(`MATCH (:IntroRequest)-[s:STEP {askeeId: $personId}]->() SET s.askeeId = $tombstone`, { tombstone });
      await run(`MATCH (:IntroRequest)-[s:STEP {recordedBy: $personId}]->() SET s.recordedBy = $tombstone`, { tombstone });
      await run(`MATCH (e:IntroEvent {actorId: $personId}) SET e.actorId = $tombstone`, { tombstone });
      // Who declined whom (ranking by requester) is about them too.
      await run(`MATCH (:Person {id: $personId})-[d:DECLINED_ASK]-() DELETE d`);
      const others = await runRows<Attestation>(
        tx,
        `MATCH (:Person)-[k:KNOWS]->(:Person {id: $personId})
         RETURN k.displayName AS displayName, k.email AS email, k.moreEmails AS moreEmails, k.phone AS phone,
                k.morePhones AS morePhones, k.linkedinUrl AS linkedinUrl`,
        { personId },
      );
      const referenced = others.length > 0 || (await run(`MATCH (:IntroRequest)-[:STEP]->(:Person {id: $personId}) RETURN 1 AS x LIMIT 1`)).length > 0;
      if (referenced) {
        // Each member who knew them keeps their own label on their relationship; the node itself
        // carries no one's label (a first recorder's private label must not become the name).
        const name = 'Former member';
        await run(
          `MATCH (me:Person {id: $personId})
           WITH me, {id: me.id, displayName: $name, createdAt: coalesce(me.createdAt, datetime())} AS kept
           SET me = kept
           REMOVE me:Account`,
          { name },
        );
        await run(`MATCH (ik:IdentityKey)-[:IDENTIFIES]->(:Person {id: $personId}) WHERE NOT ik.key IN $keep DETACH DELETE ik`, { keep: keysToKeep(others) });
      } else {
        await run(
          `MATCH (me:Person {id: $personId})
           OPTIONAL MATCH (me)-[:HAS_ROLE]->(r:Role)
           OPTIONAL MATCH (ik:IdentityKey)-[:IDENTIFIES]->(me)
           DETACH DELETE r, ik, me`,
        );
      }
      await run(`MERGE (t:ErasedAccount {subjectKey: $subjectKey}) SET t.erasedAt = datetime()`, { subjectKey });
      await recordPathChange(tx, [personId, ...me.contacts, ...((brokers[0]?.ids as string[] | undefined) ?? [])]);
      await this.audit(personId, 'DELETE_ACCOUNT', personId, tx);
      return { importIds: me.importIds };
    });
  }

  /**
   * Suppresses a person without an account who objects: their node, roles and relationships go;
   * their identity keys stay, marked :Suppressed and linked to nobody, so nobody can add or import
   * them again. Returns false when there is no such person.
   */
  suppress(personId: string, actorId: string): Promise<boolean> {
    return this.neo4j.write(async (tx) => {
      const found = await runRows(tx, `MATCH (p:Person {id: $personId}) WHERE NOT p:Account RETURN 1 AS x`, { personId });
      if (!found.length) return false;
      await runRows(
        tx,
        `MATCH (ik:IdentityKey)-[i:IDENTIFIES]->(:Person {id: $personId})
         DELETE i
         SET ik:Suppressed, ik.suppressedAt = datetime()`,
        { personId },
      );
      await runRows(
        tx,
        `MATCH (p:Person {id: $personId})
         OPTIONAL MATCH (p)-[:HAS_ROLE]->(r:Role)
         DETACH DELETE r, p`,
        { personId },
      );
      await recordPathChange(tx, [personId]);
      await this.audit(actorId, 'SUPPRESS', personId, tx);
      return true;
    });
  }

  /** Every member's record of a person: who recorded it and the identifiers they typed. */
  recordsOf(personId: string): Promise<(RecordedEdge & { recordedBy: string })[]> {
    return this.neo4j.readRows(
      `MATCH (:Person)-[k:KNOWS]->(:Person {id: $personId})
       RETURN k.recordedBy AS recordedBy, k.email AS email, k.moreEmails AS moreEmails, k.phone AS phone,
              k.morePhones AS morePhones, k.linkedinUrl AS linkedinUrl`,
      { personId },
    );
  }

  /**
   * The records of the given recorders (relationship and the roles they recorded) go, the address
   * is blocked (suppressed, identifying nobody), and the rest waits for an admin's review.
   */
  removeRecordsWithAddress(personId: string, recorders: string[], addressKey: string): Promise<void> {
    return this.neo4j.write(async (tx) => {
      await runRows(tx, `MATCH (:Person)-[k:KNOWS]->(:Person {id: $personId}) WHERE k.recordedBy IN $recorders DELETE k`, { personId, recorders });
      await runRows(tx, `MATCH (:Person {id: $personId})-[:HAS_ROLE]->(r:Role) WHERE r.recordedBy IN $recorders DETACH DELETE r`, { personId, recorders });
      await runRows(
        tx,
        `MERGE (ik:IdentityKey {key: $addressKey}) ON CREATE SET ik.createdAt = datetime()
         WITH ik
         OPTIONAL MATCH (ik)-[i:IDENTIFIES]->()
         DELETE i
         SET ik:Suppressed, ik.suppressedAt = datetime()`,
        { addressKey },
      );
      await recordPathChange(tx, [personId]);
      await this.audit(personId, 'OBJECTION_NEEDS_REVIEW', personId, tx);
    });
  }

  /**
   * Everyone the address may stand for: people its key identifies, and people whose records hold it
   * (records keep normalised addresses). The caller checks each record with the identity keys.
   */
  peopleHoldingAddress(addressKey: string, email: string | null, phone: string | null): Promise<{ id: string; isAccount: boolean }[]> {
    return this.neo4j.readRows(
      `CALL () {
         MATCH (:IdentityKey {key: $addressKey})-[:IDENTIFIES]->(p:Person) RETURN p
         UNION
         MATCH (p:Account) WHERE $email IS NOT NULL AND p.accountEmail = $email RETURN p
         UNION
         MATCH (:Person)-[k:KNOWS]->(p:Person)
         WHERE ($email IS NOT NULL AND (k.email = $email OR $email IN coalesce(k.moreEmails, [])))
            OR ($phone IS NOT NULL AND (k.phone = $phone OR $phone IN coalesce(k.morePhones, [])))
         RETURN p
       }
       RETURN DISTINCT p.id AS id, p:Account AS isAccount`,
      { addressKey, email, phone },
    );
  }

  /** The address identifies nobody and is refused from now on (adds and imports check suppressed keys). */
  async blockAddress(addressKey: string): Promise<void> {
    await this.neo4j.writeRows(
      `MERGE (ik:IdentityKey {key: $addressKey}) ON CREATE SET ik.createdAt = datetime()
       WITH ik
       OPTIONAL MATCH (ik)-[i:IDENTIFIES]->()
       DELETE i
       SET ik:Suppressed, ik.suppressedAt = coalesce(ik.suppressedAt, datetime())`,
      { addressKey },
    );
  }
}
