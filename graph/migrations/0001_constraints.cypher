// Uniqueness on every id and identity key. Community edition has no existence constraints:
// existence is enforced in code (repositories always set ids) and covered by tests.
CREATE CONSTRAINT migration_version IF NOT EXISTS FOR (m:Migration) REQUIRE m.version IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT account_sub IF NOT EXISTS FOR (a:Account) REQUIRE a.sub IS UNIQUE;
CREATE CONSTRAINT identity_key IF NOT EXISTS FOR (k:IdentityKey) REQUIRE k.key IS UNIQUE;
CREATE CONSTRAINT role_id IF NOT EXISTS FOR (r:Role) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT work_goal_id IF NOT EXISTS FOR (g:WorkGoal) REQUIRE g.id IS UNIQUE;
CREATE CONSTRAINT occupation_code IF NOT EXISTS FOR (o:Occupation) REQUIRE o.code IS UNIQUE;
CREATE CONSTRAINT occupation_title_id IF NOT EXISTS FOR (t:OccupationTitle) REQUIRE t.id IS UNIQUE;
