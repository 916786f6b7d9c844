// Introduction requests, their events, and the transactional outbox of queue jobs.
CREATE CONSTRAINT intro_request_id IF NOT EXISTS FOR (r:IntroRequest) REQUIRE r.id IS UNIQUE;
// The same clientMutationId from the same account is one request.
CREATE CONSTRAINT intro_request_idempotency IF NOT EXISTS FOR (r:IntroRequest) REQUIRE r.idempotencyKey IS UNIQUE;
CREATE CONSTRAINT pending_job_id IF NOT EXISTS FOR (j:PendingJob) REQUIRE j.id IS UNIQUE;
CREATE INDEX pending_job_created IF NOT EXISTS FOR (j:PendingJob) ON (j.createdAt);
