-- ADR 0013: an attempt's deadline lives in its step_runs row and the execution's in its executions
-- row, which the dispatch, the result and the end write anyway; the timers table keeps the other
-- kinds (queue deadlines, retry backoffs, sleeps, wait timeouts). The claim columns are the
-- timers table's claimed_until: a replica fires a due deadline under a lease.
alter table step_runs
    add column deadline_at            timestamptz,
    add column deadline_attempt       int,
    add column deadline_claimed_until timestamptz;
create index step_runs_deadline on step_runs (deadline_at) where deadline_at is not null;

alter table executions
    add column deadline_at            timestamptz,
    add column deadline_claimed_until timestamptz;
create index executions_deadline on executions (deadline_at) where deadline_at is not null;

-- Deadlines stored as timer rows before this version move into their rows (one per step: the
-- latest attempt's, the only one that can still time an attempt out).
update step_runs s set deadline_at = t.due_at, deadline_attempt = t.attempt
from (select distinct on (execution_id, step_id) execution_id, step_id, attempt, due_at
      from timers where kind = 'TASK_DEADLINE'
      order by execution_id, step_id, attempt desc) t
where s.execution_id = t.execution_id and s.step_id = t.step_id;
update executions e set deadline_at = t.due_at
from timers t
where t.kind = 'WORKFLOW_DEADLINE' and t.execution_id = e.id;
delete from timers where kind in ('TASK_DEADLINE', 'WORKFLOW_DEADLINE');
