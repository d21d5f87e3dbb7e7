-- Backtests run over HTTP: the report (JSON and HTML) and the per-lead scores, kept for review.

create sequence backtest_seq increment by 50;
create table backtest (
    id              bigint primary key,
    model           text        not null,
    ruleset_version text        not null,
    draft_version   text,
    created_at      timestamptz not null,
    leads_file      text        not null,
    events_file     text,
    mapping_file    text        not null,
    leads_scored    bigint      not null,
    rows_unreadable bigint      not null,
    auc             double precision,
    report          text        not null,
    html            text        not null,
    -- the per-lead scores CSV, gzip-compressed
    scores_csv_gz   bytea       not null
);
create index backtest_by_time on backtest (created_at desc, id desc);
