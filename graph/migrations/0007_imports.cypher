// Contact import jobs (the uploaded file hangs off its job until the job ends).
CREATE CONSTRAINT import_job_id IF NOT EXISTS FOR (j:ImportJob) REQUIRE j.id IS UNIQUE;
