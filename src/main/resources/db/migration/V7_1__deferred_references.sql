-- Inserts are ordered and batched by entity (JDBC batching). References held as plain id columns
-- are invisible to that ordering, so they are checked at commit instead of per statement.
alter table stage_change alter constraint stage_change_score_id_fkey deferrable initially deferred;
alter table crm_outcome alter constraint crm_outcome_score_id_fkey deferrable initially deferred;
alter table outbox_message alter constraint outbox_message_stage_change_id_fkey deferrable initially deferred;
