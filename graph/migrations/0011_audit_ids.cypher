// Audit entries written before entries had ids get one, so the audit log pages on (time, id).
MATCH (a:AuditEntry) WHERE a.id IS NULL SET a.id = randomUUID();
