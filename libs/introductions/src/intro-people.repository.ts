import { Inject, Injectable } from '@nestjs/common';
import { Neo4jService } from '#libs/graph';
import { ACCOUNT_PERSON_VIEW, PERSON_VIEW, type PersonView, type WorkRoleView } from '#libs/network';

/** A person on a request, with every way this viewer might be allowed to see them; the view decides which applies. */
export interface ViewerPerson {
  id: string;
  isAccount: boolean;
  /** As the viewer recorded them (their own label); null unless the viewer recorded this person. */
  mine: PersonView | null;
  /** The member's own name and self-declared work; null for people without an account. */
  member: PersonView | null;
  /** A current role whose recorder lends, is the viewer, or is the person themselves (never a private record of a third member). */
  work: WorkRoleView | null;
}

/**
 * A role the viewer may see: current, and recorded by someone who lends their network, by the
 * viewer, or by the person themselves. Expects `p` and `item.title` (a preferred title) in scope.
 */
const VISIBLE_WORK = `head(COLLECT {
    MATCH (p)-[:HAS_ROLE]->(r:Role)
    WHERE r.current = true AND (r.lent = true OR r.recordedBy = $viewerId OR r.recordedBy = p.id)
    OPTIONAL MATCH (r)-[:IN_OCCUPATION]->(o:Occupation)
    RETURN r {.title, .organisation, .sector, .location, .current,
              occupation: CASE WHEN o IS NULL THEN null ELSE o {.code, .title} END} AS work
    ORDER BY CASE WHEN r.title = item.title THEN 0 ELSE 1 END, r.createdAt
    LIMIT 1
  })`;

export interface MessageStep {
  index: number;
  personId: string;
  isAccount: boolean;
  state: string;
  /** The member's own name (accounts only). */
  ownName: string | null;
  recordedBy: string;
  /** The name the recorder of this step's edge gave the person, and the details they noted. */
  relayName: string | null;
  relayEmail: string | null;
  relayPhone: string | null;
  relayLinkedin: string | null;
  accountEmail: string | null;
  /** The recipient's own label for this person, when the recipient recorded them. */
  recipientLabel: string | null;
  /** Work as the recipient may see it. */
  work: WorkRoleView | null;
}

export interface MessageContext {
  id: string;
  message: string;
  status: string;
  expiresAt: string | null;
  requesterId: string;
  requesterName: string;
  requesterEmail: string | null;
  /** The recipient's label for the requester, when they recorded the requester. */
  requesterLabel: string | null;
  recipientIsAccount: boolean;
  /** The recipient's own name (accounts); null otherwise. */
  recipientName: string | null;
  recipientEmail: string | null;
  timeZone: string | null;
  steps: MessageStep[];
  recorders: { id: string; name: string }[];
}

export interface ContactRow {
  email: string | null;
  phone: string | null;
  linkedinUrl: string | null;
}

/** Reads people on requests as one viewer (or one recipient of a message) may see them. All Cypher. */
@Injectable()
export class IntroPeopleRepository {
  constructor(@Inject(Neo4jService) private readonly neo4j: Neo4jService) {}

  /** `items` pairs a person id with the work title the request recorded for them (preferred when still visible). */
  viewerPeople(viewerId: string, items: { id: string; title: string | null }[]): Promise<ViewerPerson[]> {
    return this.neo4j.readRows<ViewerPerson>(
      `MATCH (v:Person {id: $viewerId})
       UNWIND $items AS item
       MATCH (p:Person {id: item.id})
       OPTIONAL MATCH (v)-[k0:KNOWS {recordedBy: $viewerId}]->(p)
       WITH v, p, item, head(collect(k0)) AS k
       WITH v, p, item, CASE WHEN k IS NULL THEN null ELSE ${PERSON_VIEW} END AS mine
       WITH v, p, item, mine, null AS k
       RETURN DISTINCT p.id AS id, p:Account AS isAccount, mine,
              CASE WHEN p:Account THEN ${ACCOUNT_PERSON_VIEW} ELSE null END AS member,
              ${VISIBLE_WORK} AS work`,
      { viewerId, items },
    );
  }

  /** Everything a message about this request needs, as its recipient may see it (read at send time). */
  async messageContext(requestId: string, recipientId: string): Promise<MessageContext | null> {
    const [row] = await this.neo4j.readRows<MessageContext>(
      `MATCH (r:IntroRequest {id: $requestId})
       MATCH (req:Person {id: r.requesterId})
       MATCH (to:Person {id: $recipientId})
       WITH r, req, to, $recipientId AS viewerId
       RETURN r.id AS id, r.message AS message, r.status AS status, toString(r.expiresAt) AS expiresAt, r.requesterId AS requesterId,
              req.displayName AS requesterName, req.accountEmail AS requesterEmail,
              head(COLLECT { MATCH (to)-[k:KNOWS {recordedBy: $recipientId}]->(req) RETURN k.displayName }) AS requesterLabel,
              to:Account AS recipientIsAccount,
              CASE WHEN to:Account THEN to.displayName ELSE null END AS recipientName,
              to.accountEmail AS recipientEmail, to.timeZone AS timeZone,
              COLLECT {
                MATCH (r)-[s:STEP]->(p:Person)
                OPTIONAL MATCH (:Person {id: s.recordedBy})-[rk:KNOWS {recordedBy: s.recordedBy}]->(p)
                OPTIONAL MATCH (:Person {id: $recipientId})-[mk:KNOWS {recordedBy: $recipientId}]->(p)
                WITH s, p, head(collect(rk)) AS rk, head(collect(mk)) AS mk, {title: null} AS item
                RETURN {index: s.index, personId: p.id, isAccount: p:Account, state: s.state,
                        ownName: CASE WHEN p:Account THEN p.displayName ELSE null END,
                        recordedBy: s.recordedBy, relayName: rk.displayName, relayEmail: rk.email, relayPhone: rk.phone,
                        relayLinkedin: rk.linkedinUrl, accountEmail: p.accountEmail, recipientLabel: mk.displayName,
                        work: ${VISIBLE_WORK.replaceAll('$viewerId', '$recipientId')}} AS step ORDER BY s.index
              } AS steps,
              COLLECT { MATCH (r)-[s:STEP]->() MATCH (rec:Person:Account {id: s.recordedBy}) RETURN DISTINCT {id: rec.id, name: rec.displayName} } AS recorders`,
      { requestId, recipientId },
    );
    return row ?? null;
  }

  /** A person's contact details: their account email, else what the given recorder noted for them. */
  async contact(personId: string, recordedBy: string | null): Promise<ContactRow> {
    const [row] = await this.neo4j.readRows<ContactRow>(
      `MATCH (t:Person {id: $personId})
       OPTIONAL MATCH (:Person {id: $recordedBy})-[k:KNOWS {recordedBy: $recordedBy}]->(t)
       WITH t, head(collect(k)) AS k
       RETURN coalesce(t.accountEmail, k.email) AS email, k.phone AS phone, k.linkedinUrl AS linkedinUrl`,
      { personId, recordedBy },
    );
    return row ?? { email: null, phone: null, linkedinUrl: null };
  }
}
