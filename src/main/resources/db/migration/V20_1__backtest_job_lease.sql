-- A backtest or proposal runs on the instance that took its upload (its files are on that
-- instance's disk); the instance renews the job's lease while it runs. A running job whose lease
-- ran out lost its instance and is marked failed, by whichever instance notices first.
alter table backtest add column lease_until timestamptz;
