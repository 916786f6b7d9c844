import { Inject, Injectable } from '@nestjs/common';
import { Neo4jService } from '#libs/graph';

/** All Cypher for the privacy rights (export now; erasure and suppression are to come). */
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
                      accountCreatedAt: toString(me.accountCreatedAt)},
         goals: COLLECT { MATCH (me)-[:WANTS]->(g:WorkGoal) RETURN g {.work, .location, .note, .code, createdAt: toString(g.createdAt)} },
         ownWorkRoles: COLLECT { MATCH (me)-[:HAS_ROLE]->(r:Role) WHERE r.recordedBy = me.id
                                 RETURN r {.title, .organisation, .sector, .location, .current, .code} },
         contacts: COLLECT {
           MATCH (me)-[k:KNOWS {recordedBy: me.id}]->(p:Person)
           RETURN k {person: p.id, .displayName, .context, .strength, .howWeMet, .email, .phone, .linkedinUrl, .source, .importJob,
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
  async audit(actorId: string, action: string, subjectId: string): Promise<void> {
    await this.neo4j.writeRows(`CREATE (:AuditEntry {at: datetime(), actorId: $actorId, action: $action, subjectId: $subjectId})`, { actorId, action, subjectId });
  }
}
