/**
 * Cypher fragments that project a person as the viewer ($viewerId) may see them: the name
 * the viewer gave them (or their own name when they hold an account and the viewer gave none),
 * and only the work roles the viewer recorded or the person declared themselves.
 * Expects `p` (the person) and optionally `k` (the viewer's KNOWS edge to them) in scope.
 */
export const ROLES_FOR_VIEWER = `COLLECT {
    MATCH (p)-[:HAS_ROLE]->(r:Role)
    WHERE r.recordedBy = $viewerId OR r.recordedBy = p.id
    OPTIONAL MATCH (r)-[:IN_OCCUPATION]->(o:Occupation)
    RETURN r {.title, .organisation, .sector, .location, .current,
              occupation: CASE WHEN o IS NULL THEN null ELSE o {.code, .title} END} AS role
    ORDER BY r.current DESC, r.createdAt
  }`;

export const PERSON_VIEW = `{
    id: p.id,
    displayName: CASE WHEN p.id = $viewerId THEN p.displayName ELSE coalesce(k.displayName, p.displayName) END,
    headline: p.headline,
    isMember: p:Account,
    roles: ${ROLES_FOR_VIEWER}
  }`;

export const RELATIONSHIP_VIEW = `{
    person: ${PERSON_VIEW},
    context: k.context,
    strength: k.strength,
    howWeMet: k.howWeMet,
    lastContactAt: toString(k.lastContactAt),
    createdAt: toString(k.createdAt)
  }`;
