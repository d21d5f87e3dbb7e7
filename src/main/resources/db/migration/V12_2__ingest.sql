-- Data as CDPs and CRMs send it (Segment, HubSpot, Kafka): each message is applied once, ids that
-- were merged away keep routing to the lead they became, and profile properties changed by a CRM
-- are applied in the order they changed there, not the order they arrived.

-- One row per message applied: (source, key) is the message's id (Segment messageId, HubSpot
-- eventId) or a hash of the message when it has none. Written in the transaction that applies it.
create table ingest_receipt (
    source      text        not null,
    message_key text        not null,
    lead_id     text references lead (id) on delete cascade,
    received_at timestamptz not null,
    primary key (source, message_key)
);
create index ingest_receipt_by_lead on ingest_receipt (lead_id);

-- An id merged into another lead (an identified visitor, a CRM merge): messages naming it go there.
create table lead_alias (
    alias   text primary key,
    lead_id text not null references lead (id) on delete cascade
);
create index lead_alias_by_lead on lead_alias (lead_id);

-- When each profile field of a lead last changed at its source: an older change arriving late is not applied.
create table lead_field_change (
    lead_id     text        not null references lead (id) on delete cascade,
    source      text        not null,
    field       text        not null,
    occurred_at timestamptz not null,
    primary key (lead_id, source, field)
);
