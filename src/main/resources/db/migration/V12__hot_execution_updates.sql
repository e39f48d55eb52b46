-- The hot path's index writes (pg_walinspect over `weft bench`: ~14 b-tree inserts per agent task,
-- most of them the executions row's, docs/performance.md). Every commit of an execution updates
-- its row's version; on a full page that update cannot stay on the page (HOT), so each one wrote
-- a new entry into every index of the table. Room on the page keeps the updates that change no
-- indexed column (all but the end's status change) HOT: no index entries at all.
alter table executions set (fillfactor = 50);
-- Unused since V7: every reader of live executions asks for RUNNING or PAUSED (executions_alive).
drop index executions_running;
