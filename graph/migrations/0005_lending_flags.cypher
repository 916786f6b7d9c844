// Path finding may only use relationships and work roles whose recorder lends their network
// (or the viewer's own). The flag is kept on each KNOWS edge and Role (k.lent, r.lent) so that
// traversals test a property instead of looking up the recorder; settings changes rewrite it.
// Self-declared roles are public. This backfills data written before the flags existed.
MATCH (a:Person)-[k:KNOWS]->() WHERE k.lent IS NULL
SET k.lent = coalesce(a.lendsNetwork, false);
MATCH (p:Person)-[:HAS_ROLE]->(r:Role) WHERE r.lent IS NULL
OPTIONAL MATCH (rec:Person {id: r.recordedBy})
SET r.lent = r.recordedBy = p.id OR coalesce(rec.lendsNetwork, false);
CREATE INDEX role_code_current IF NOT EXISTS FOR (r:Role) ON (r.code, r.current);
