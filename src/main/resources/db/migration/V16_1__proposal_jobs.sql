-- Proposals over HTTP run as background jobs beside backtests, in the same table: the kind of
-- each job, and the draft a finished proposal was filed as.
alter table backtest add column kind text not null default 'backtest';
alter table backtest add column draft_id bigint;
create index backtest_by_kind_time on backtest (kind, created_at desc, id desc);
