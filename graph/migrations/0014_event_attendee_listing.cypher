// Attendees are listed only when they opt in: attendance recorded before listing existed stays unlisted.
MATCH ()-[a:ATTENDED]->(:Event) WHERE a.listed IS NULL SET a.listed = false;
// EVENT relationships that copied an account's own name onto the recorder's edge get a neutral label instead.
MATCH (:Person)-[k:KNOWS]->(p:Person:Account) WHERE k.event IS NOT NULL AND k.displayName = p.displayName
OPTIONAL MATCH (e:Event {id: k.event})
SET k.displayName = 'Someone you met at ' + coalesce(e.title, 'an event');
// Which events a relationship was met at, so recording the same meeting again changes nothing.
MATCH (:Person)-[k:KNOWS]->(:Person) WHERE k.event IS NOT NULL AND k.metAtEvents IS NULL SET k.metAtEvents = [k.event];
