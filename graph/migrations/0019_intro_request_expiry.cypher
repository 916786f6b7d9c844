// The worker's introduction sweep looks every 15 s for open asks well past their deadline; a request's
// deadline is cleared when it ends, so this index holds only the open ones.
CREATE INDEX intro_request_expires IF NOT EXISTS FOR (r:IntroRequest) ON (r.expiresAt);
CALL db.awaitIndexes(600);
