// The worker's import sweep looks for jobs that have not ended (QUEUED or RUNNING) every 15 s; finished
// jobs pile up over the years, so it reads them through this index rather than every import ever made.
CREATE INDEX import_job_status IF NOT EXISTS FOR (j:ImportJob) ON (j.status);
CALL db.awaitIndexes(600);
