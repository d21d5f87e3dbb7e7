-- A re-scoring job after a publish is run by one instance at a time: the holder renews its lease
-- with every batch; a job whose holder died (lease run out) is taken over by another instance.
alter table rescore_job add column holder text;
alter table rescore_job add column lease_until timestamptz;
create index rescore_job_running on rescore_job (lease_until) where status = 'RUNNING';
