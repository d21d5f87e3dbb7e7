-- Ruleset versions: every model version ever built (from the rules folder or uploaded as a draft),
-- with its files, kept immutably so any past version can be inspected, compared and re-activated.

create sequence ruleset_version_seq increment by 50;
create table ruleset_version (
    id             bigint primary key,
    model          text        not null,
    version        text        not null,
    -- DRAFT (built and checked, not published), REJECTED (refused by validation), PUBLISHED
    status         text        not null,
    origin         text        not null,
    created_at     timestamptz not null,
    created_by     text        not null,
    published_at   timestamptz,
    published_by   text,
    change_summary text,
    -- the problems validation found (file, sheet, cell, line, message); empty when it passed
    validation     jsonb       not null,
    what_if        jsonb,
    constraint ruleset_version_once unique (model, version)
);

create table ruleset_file (
    version_id bigint not null references ruleset_version (id) on delete restrict,
    name       text   not null,
    bytes      bytea  not null,
    primary key (version_id, name)
);

-- Which version served when: one row per activation (start-up, publish, folder change, rollback).
create sequence ruleset_activation_seq increment by 50;
create table ruleset_activation (
    id           bigint primary key,
    model        text        not null,
    version      text        not null,
    activated_at timestamptz not null,
    activated_by text        not null,
    reason       text        not null
);
create index ruleset_activation_by_model on ruleset_activation (model, activated_at desc, id desc);

-- Background re-scoring of stored leads after a version goes live; resumable from last_lead_id.
create sequence rescore_job_seq increment by 50;
create table rescore_job (
    id            bigint primary key,
    model         text        not null,
    version       text        not null,
    -- RUNNING, DONE, SUPERSEDED (a newer version went live first), FAILED
    status        text        not null,
    leads_total   integer     not null,
    leads_done    integer     not null,
    scores_changed integer    not null,
    stage_changes integer     not null,
    last_lead_id  text,
    started_at    timestamptz not null,
    updated_at    timestamptz not null,
    finished_at   timestamptz,
    error         text
);
create index rescore_job_by_model on rescore_job (model, started_at desc);
create index score_record_by_model_time on score_record (model, scored_at);
