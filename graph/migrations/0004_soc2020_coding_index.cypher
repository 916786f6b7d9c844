// ONS SOC 2020 coding index: about 32,000 job titles with their unit group and qualifiers.
// @rows graph/taxonomy/soc2020/coding-index.csv
UNWIND $rows AS row
MATCH (o:Occupation {code: row.code})
MERGE (t:OccupationTitle {id: row.rowNumber})
SET t.title = row.title,
    t.normTitle = row.normTitle,
    t.code = row.code,
    t.qualifier = row.additional_qualifier,
    t.industry = row.industry_qualifier
MERGE (t)-[:IN_OCCUPATION]->(o);
