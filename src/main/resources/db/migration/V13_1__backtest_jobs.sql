-- Backtests over HTTP run as background jobs: a row exists from the upload on, with its status;
-- the report, page and scores are filled in when the run is done.
alter table backtest add column status text not null default 'done';
alter table backtest add column error text;
alter table backtest alter column report drop not null;
alter table backtest alter column html drop not null;
alter table backtest alter column scores_csv_gz drop not null;
alter table backtest alter column ruleset_version drop not null;
