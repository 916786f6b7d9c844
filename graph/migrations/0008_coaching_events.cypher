// Coaches' reflective notes.
CREATE CONSTRAINT coach_note_id IF NOT EXISTS FOR (n:CoachNote) REQUIRE n.id IS UNIQUE;
// Events where members meet new people.
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (e:Event) REQUIRE e.id IS UNIQUE;
CREATE INDEX event_starts IF NOT EXISTS FOR (e:Event) ON (e.startsAt);
// One nudge per stall (keyed by member and the time of their last activity).
CREATE CONSTRAINT nudge_key IF NOT EXISTS FOR (n:Nudge) REQUIRE n.key IS UNIQUE;
CREATE INDEX nudge_member IF NOT EXISTS FOR (n:Nudge) ON (n.memberId);
