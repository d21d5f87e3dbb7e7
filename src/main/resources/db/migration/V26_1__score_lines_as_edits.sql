-- A lead's explanation lists every event that earned points, so it grows with the lead, and a new
-- event changes a line or two of it. A score can now be stored as its edits of the lead's score
-- before it (base_id, line_edits) instead of whole (adjustments): the service rebuilds it from the
-- chain, which it keeps short (a score is stored whole again after 16 edited ones). Rows stored
-- before this migration stay whole. A lead's scores are only deleted all together (erasure), so the
-- score an edited one builds on is never missing; no foreign key, which would cost an index on base_id.
alter table score_record add column base_id bigint;
alter table score_record add column line_edits jsonb;
alter table score_record alter column adjustments drop not null;

-- Whole, or edits of another score; never both, never neither. Rows already stored are whole, so
-- the check is not run over them (NOT VALID): adding it takes no time on a large table.
alter table score_record add constraint score_record_whole_or_edited check (
    (adjustments is not null and base_id is null and line_edits is null)
    or (adjustments is null and base_id is not null and line_edits is not null)) not valid;
