/**
 * Cypher fragments that project a person as the viewer ($viewerId) may see them.
 * Expects `p` (the person) and optionally `k` (the viewer's KNOWS edge to them) in scope.
 *
 * PERSON_VIEW is the view of someone the viewer recorded: the viewer's own label and the work
 * they recorded, nothing the person or other members declared, and not whether the person holds
 * an account (typing an identifier must not reveal membership, a headline or declared work).
 * ACCOUNT_PERSON_VIEW is for account holders the viewer has a standing reason to know as such
 * (themselves, a coach's caseload, a member introduced to them): their own name, headline and
 * declared work.
 */
const ROLE_PROJECTION = `OPTIONAL MATCH (r)-[:IN_OCCUPATION]->(o:Occupation)
    RETURN r {.title, .organisation, .sector, .location, .current,
              occupation: CASE WHEN o IS NULL THEN null ELSE o {.code, .title} END} AS role
    ORDER BY r.current DESC, r.createdAt`;

export const ROLES_FOR_VIEWER = `COLLECT {
    MATCH (p)-[:HAS_ROLE]->(r:Role)
    WHERE r.recordedBy = $viewerId
    ${ROLE_PROJECTION}
  }`;

const ROLES_FOR_ACCOUNT = `COLLECT {
    MATCH (p)-[:HAS_ROLE]->(r:Role)
    WHERE r.recordedBy = $viewerId OR r.recordedBy = p.id
    ${ROLE_PROJECTION}
  }`;

export const PERSON_VIEW = `{
    id: p.id,
    ref: k.ref,
    displayName: CASE WHEN p.id = $viewerId THEN p.displayName ELSE coalesce(k.displayName, 'Someone you know') END,
    headline: CASE WHEN p.id = $viewerId THEN p.headline ELSE null END,
    isMember: p.id = $viewerId AND p:Account,
    roles: CASE WHEN p.id = $viewerId THEN ${ROLES_FOR_ACCOUNT} ELSE ${ROLES_FOR_VIEWER} END
  }`;

export const ACCOUNT_PERSON_VIEW = `{
    id: p.id,
    ref: null,
    displayName: p.displayName,
    headline: p.headline,
    isMember: p:Account,
    roles: ${ROLES_FOR_ACCOUNT}
  }`;

export const RELATIONSHIP_VIEW = `{
    person: ${PERSON_VIEW},
    recorded: {emails: [e IN [k.email] + coalesce(k.moreEmails, []) WHERE e IS NOT NULL],
               phones: [x IN [k.phone] + coalesce(k.morePhones, []) WHERE x IS NOT NULL],
               linkedinUrl: k.linkedinUrl},
    context: k.context,
    strength: k.strength,
    howWeMet: k.howWeMet,
    lastContactAt: toString(k.lastContactAt),
    createdAt: toString(k.createdAt)
  }`;

/**
 * Whether the recorder's edge `k` holds any of the identifiers in `c` ({emails, phones, linkedinUrl},
 * normalised as stored): the viewer's own knowledge that a typed identifier is this contact.
 */
export const claimsAnyOf = (c: string) => `((k.email IS NOT NULL AND k.email IN ${c}.emails) OR any(e IN coalesce(k.moreEmails, []) WHERE e IN ${c}.emails)
    OR (k.phone IS NOT NULL AND k.phone IN ${c}.phones) OR any(x IN coalesce(k.morePhones, []) WHERE x IN ${c}.phones)
    OR (k.linkedinUrl IS NOT NULL AND k.linkedinUrl = ${c}.linkedinUrl))`;
