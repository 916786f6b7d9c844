// Coaches' reflective notes.
CREATE CONSTRAINT coach_note_id IF NOT EXISTS FOR (n:CoachNote) REQUIRE n.id IS UNIQUE;
// Events where members meet new people.
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (e:Event) REQUIRE e.id IS UNIQUE;
CREATE INDEX event_starts IF NOT EXISTS FOR (e:Event) ON (e.startsAt);
