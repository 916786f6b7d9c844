// The change log the in-memory path indexes follow: one PathChange per write that changed path data,
// numbered without gaps by the PathLog counter (incremented in the write's own transaction).
CREATE CONSTRAINT path_change_seq IF NOT EXISTS FOR (c:PathChange) REQUIRE c.seq IS UNIQUE;
CREATE CONSTRAINT path_log_id IF NOT EXISTS FOR (l:PathLog) REQUIRE l.id IS UNIQUE;
