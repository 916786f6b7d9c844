CREATE INDEX occupation_title_norm IF NOT EXISTS FOR (t:OccupationTitle) ON (t.normTitle);
CREATE INDEX knows_recorded_by IF NOT EXISTS FOR ()-[k:KNOWS]-() ON (k.recordedBy);
CREATE INDEX role_occupation IF NOT EXISTS FOR (r:Role) ON (r.code);
// Work titles for matching the work a member wants: taxonomy titles and people's role titles.
// The English analyzer stems, so "paramedics" finds "paramedic".
CREATE FULLTEXT INDEX work_titles IF NOT EXISTS FOR (n:Occupation|OccupationTitle|Role) ON EACH [n.title]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}};
