-- Lifecycle: stage changes, CRM outcomes, the time-driven re-scoring job, the notification outbox
-- and accounts. Everything here is written in the transaction that stores the score it follows from.

-- What a score said beyond the figures: the product-led activation status and the existing-customer flag.
alter table score_record add column activation text;
alter table score_record add column existing_customer boolean not null default false;

-- A lead's place in the lifecycle, which the score alone does not tell: sales acceptance (SQL),
-- whether its current qualification was announced, the re-qualification cooldown, and when
-- passing time next changes its score.
create table lead_lifecycle (
    lead_id                 text primary key references lead (id) on delete cascade,
    model                   text        not null,
    stage                   text        not null,
    qualification_announced boolean     not null default false,
    last_left_qualified_at  timestamptz,
    held_until              timestamptz,
    account_key             text,
    engaged                 boolean     not null default false,
    existing_customer       boolean     not null default false,
    next_rescore_at         timestamptz,
    planned_at              timestamptz,
    updated_at              timestamptz not null
);
create index lead_lifecycle_due on lead_lifecycle (next_rescore_at, lead_id) where next_rescore_at is not null;
create index lead_lifecycle_by_account on lead_lifecycle (account_key) where account_key is not null;

-- Every stage change of a lead or an account. tx is the writing transaction's id: the poll feed
-- only shows changes of transactions older than every running one, so a cursor never skips a
-- change that commits late.
create sequence stage_change_seq increment by 50;
create table stage_change (
    id              bigint primary key,
    tx              bigint      not null default (pg_current_xact_id()::text::bigint),
    kind            text        not null,
    lead_id         text references lead (id) on delete cascade,
    account_key     text,
    model           text        not null,
    from_stage      text        not null,
    to_stage        text        not null,
    at              timestamptz not null,
    fit             integer,
    engagement      integer,
    total           integer,
    band            text,
    activation      text,
    ruleset_version text,
    score_id        bigint references score_record (id) on delete set null,
    reason          text        not null,
    announced       boolean     not null,
    payload         jsonb
);
create index stage_change_by_lead on stage_change (lead_id, id);
create index stage_change_by_account on stage_change (account_key, id) where account_key is not null;
create index stage_change_feed on stage_change (tx, id) where announced;

-- What sales reported, with the score the lead had at that moment.
create sequence crm_outcome_seq increment by 50;
create table crm_outcome (
    id              bigint primary key,
    lead_id         text        not null references lead (id) on delete cascade,
    type            text        not null,
    at              timestamptz not null,
    note            text,
    recorded_at     timestamptz not null,
    score_id        bigint references score_record (id) on delete set null,
    score_source    text        not null,
    fit             integer     not null,
    engagement      integer     not null,
    total           integer     not null,
    band            text        not null,
    stage           text        not null,
    ruleset_version text        not null
);
create index crm_outcome_by_lead on crm_outcome (lead_id, at);

-- Webhook deliveries: one row per announced change and endpoint, written with the score.
create sequence outbox_message_seq increment by 50;
create table outbox_message (
    id              bigint primary key,
    stage_change_id bigint      not null references stage_change (id) on delete cascade,
    endpoint        text        not null,
    payload         text        not null,
    status          text        not null,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    created_at      timestamptz not null,
    delivered_at    timestamptz,
    last_attempt_at timestamptz,
    last_error      text,
    constraint outbox_once unique (stage_change_id, endpoint)
);
create index outbox_due on outbox_message (next_attempt_at, id) where status = 'PENDING';

-- Accounts: contacts grouped by account id (or company domain) and their escalation.
create table account (
    account_key   text primary key,
    status        text        not null,
    escalated_at  timestamptz,
    updated_at    timestamptz not null
);

-- Scheduled jobs: a lease row (one runner at a time across instances) and the runs they made.
create table job_lease (
    job          text primary key,
    holder       text,
    lease_until  timestamptz
);
insert into job_lease (job) values ('rescore');

create sequence job_run_seq increment by 50;
create table job_run (
    id             bigint primary key,
    job            text        not null,
    holder         text        not null,
    started_at     timestamptz not null,
    finished_at    timestamptz,
    status         text        not null,
    batches        integer     not null default 0,
    visited        integer     not null default 0,
    rescored       integer     not null default 0,
    stage_changes  integer     not null default 0,
    error          text
);
create index job_run_latest on job_run (job, started_at desc, id desc);
