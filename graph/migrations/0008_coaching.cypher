// Coaches' reflective notes.
CREATE CONSTRAINT coach_note_id IF NOT EXISTS FOR (n:CoachNote) REQUIRE n.id IS UNIQUE;
