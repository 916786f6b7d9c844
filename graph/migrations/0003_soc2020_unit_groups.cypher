// ONS SOC 2020 unit groups (Open Government Licence v3.0; see graph/taxonomy/soc2020/SOURCE.md).
// @rows graph/taxonomy/soc2020/unit-groups.csv
UNWIND $rows AS row
MERGE (o:Occupation {code: row.code})
SET o.title = row.title,
    o.minorGroupTitle = row.minor_group_title,
    o.subMajorGroupTitle = row.sub_major_group_title,
    o.majorGroupTitle = row.major_group_title;
