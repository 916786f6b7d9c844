// Audit trail of privacy operations (who read or changed whose data).
CREATE INDEX audit_subject IF NOT EXISTS FOR (a:AuditEntry) ON (a.subjectId);
