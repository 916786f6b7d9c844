// Identity is a claim until verified (see docs/identity-model.md). Each member's relationship
// carries a reference of its own, from which the ids that member sees for the person are made,
// so ids do not tell members which records are the same person or whether anyone else knows them.
MATCH ()-[k:KNOWS]->() WHERE k.ref IS NULL
CALL (k) { SET k.ref = randomUUID() } IN TRANSACTIONS OF 5000 ROWS;
CREATE INDEX knows_ref IF NOT EXISTS FOR ()-[k:KNOWS]-() ON (k.ref);
// Extra identifiers per relationship live in lists beside the first email and phone.
MATCH ()-[k:KNOWS]->() WHERE k.moreEmails IS NULL OR k.morePhones IS NULL
CALL (k) { SET k.moreEmails = coalesce(k.moreEmails, []), k.morePhones = coalesce(k.morePhones, []) } IN TRANSACTIONS OF 5000 ROWS;
