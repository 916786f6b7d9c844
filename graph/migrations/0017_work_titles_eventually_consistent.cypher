// Role titles change with every contact added, edited or imported. A full-text index kept in step with
// each commit refreshes Lucene inside that commit: about 5 ms of the database's CPU on every write that
// touches a role (a commit took 6.6 ms against 1.7 ms without it). Eventually consistent, the index takes
// its updates in the background; the one search over people's roles (PathsRepository.targetsByTitle)
// first waits for it with db.index.fulltext.awaitEventuallyConsistentIndexRefresh(), so a member still
// finds the role they have just recorded. Dropped and made again: a full-text index's options cannot change.
DROP INDEX work_titles IF EXISTS;
CREATE FULLTEXT INDEX work_titles IF NOT EXISTS FOR (n:Occupation|OccupationTitle|Role) ON EACH [n.title]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'english', `fulltext.eventually_consistent`: true}};
CALL db.awaitIndexes(600);
