// Erased accounts: a keyed hash of the identity provider's subject and when it was erased, so
// tokens issued before the erasure are refused (no personal data is kept).
CREATE CONSTRAINT erased_account_key IF NOT EXISTS FOR (t:ErasedAccount) REQUIRE t.subjectKey IS UNIQUE;
// The audit log is read newest first by admins.
CREATE INDEX audit_at IF NOT EXISTS FOR (a:AuditEntry) ON (a.at);
