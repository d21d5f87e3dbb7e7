-- A score's explanation lines are stored with the score, in order, as one JSON column: one row
-- per stored score instead of one per line (a lead with a few dozen events has 30-60 lines).
alter table score_record add column adjustments jsonb;
update score_record s set adjustments = coalesce((
    select jsonb_agg(jsonb_build_object(
               'category', a.category, 'rule', a.rule, 'points', a.points, 'reason', a.reason,
               'source', a.source, 'eventId', a.event_id,
               'occurredAt', to_char(a.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
           order by a.position)
    from score_adjustment a where a.score_id = s.id), '[]'::jsonb);
alter table score_record alter column adjustments set not null;
drop table score_adjustment;
drop sequence score_adjustment_seq;
