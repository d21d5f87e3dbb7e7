-- One table for every re-scoring pass: after a publish (kind 'publish', one per version), the
-- time-driven job's runs (kind 'time', before in job_run) and POST /api/rescore (kind 'bulk').
-- holder: the instance running the pass (publish jobs also keep a lease, see V15_1).
alter table rescore_job add column kind text not null default 'publish';
alter table rescore_job add column batches integer not null default 0;
alter table rescore_job alter column model drop not null;
alter table rescore_job alter column version drop not null;
alter table rescore_job alter column kind drop default;
insert into rescore_job (id, kind, holder, status, leads_total, leads_done, scores_changed, stage_changes, batches,
                         started_at, updated_at, finished_at, error)
select nextval('rescore_job_seq'), 'time', holder, status, visited, visited, rescored, stage_changes, batches,
       started_at, coalesce(finished_at, started_at), finished_at, error
from job_run where job = 'rescore';
drop table job_run;
drop sequence job_run_seq;
create index rescore_job_by_kind on rescore_job (kind, started_at desc, id desc);
