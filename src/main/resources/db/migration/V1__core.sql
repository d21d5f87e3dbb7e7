-- Leads, their events, and every score the service stored with the adjustments that explain it.

create table lead (
    id               text primary key,
    model            text        not null,
    profile          jsonb       not null,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    mql_at           timestamptz,
    pql_at           timestamptz,
    last_activity_at timestamptz,
    latest_score_id  bigint,
    version          bigint      not null default 0
);

create sequence lead_event_seq increment by 50;
create table lead_event (
    id          bigint primary key,
    lead_id     text        not null references lead (id) on delete cascade,
    event_id    text        not null,
    type        text        not null,
    occurred_at timestamptz not null,
    properties  jsonb       not null,
    received_at timestamptz not null,
    constraint lead_event_once unique (lead_id, event_id)
);
create index lead_event_by_time on lead_event (lead_id, occurred_at desc, id desc);

create sequence score_record_seq increment by 50;
create table score_record (
    id               bigint primary key,
    lead_id          text        not null references lead (id) on delete cascade,
    model            text        not null,
    ruleset_version  text        not null,
    as_of            timestamptz not null,
    scored_at        timestamptz not null,
    fit              integer     not null,
    engagement       integer     not null,
    total            integer     not null,
    band             text        not null,
    stage            text        not null,
    last_activity_at timestamptz,
    cause            text        not null,
    fingerprint      text        not null,
    workings         jsonb       not null
);
create index score_record_by_lead on score_record (lead_id, scored_at desc, id desc);
create index score_record_by_version on score_record (model, ruleset_version);

alter table lead add constraint lead_latest_score foreign key (latest_score_id) references score_record (id)
    deferrable initially deferred;

create sequence score_adjustment_seq increment by 50;
create table score_adjustment (
    id          bigint primary key,
    score_id    bigint  not null references score_record (id) on delete cascade,
    position    integer not null,
    category    text    not null,
    rule        text    not null,
    points      integer not null,
    reason      text    not null,
    source      text,
    event_id    text,
    occurred_at timestamptz
);
create index score_adjustment_by_score on score_adjustment (score_id, position);
