-- Sub-workflows (ADR 0009): a child execution names its parent, so ListExecutions can list the
-- children of an execution; the link itself is in the child's ExecutionStarted event.
alter table executions add column parent_execution_id text;
create index executions_by_parent on executions (parent_execution_id, started_at desc)
    where parent_execution_id is not null;
