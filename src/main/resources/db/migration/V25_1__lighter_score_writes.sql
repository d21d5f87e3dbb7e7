-- Every stored score inserts a score_record row and updates its lead's row; both were heavier than needed.
--
-- No query reads scores by ruleset version (history, as-of, audit and the console read them by lead,
-- by lead and time, or by model and time), so this index only cost a B-tree insert per stored score.
drop index if exists score_record_by_version;

-- A lead's row is updated with every new score (latest score, last activity, version). Leaving a
-- fifth of each page free lets PostgreSQL keep the new row version on the same page (a HOT update:
-- no new entries in the lead's indexes, less for vacuum). It applies to rows written from now on;
-- pages already full stay so until vacuum frees space on them (VACUUM FULL lead rewrites them at once).
alter table lead set (fillfactor = 80);
