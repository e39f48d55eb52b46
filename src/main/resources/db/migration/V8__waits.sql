-- Wait and approval steps. The events are the truth; this table is a lookup kept in the same
-- commit as them (PgCommitWriter): a row per awaited event of a waiting step (any_of has several)
-- and one per pending approval. SignalExecution by correlation finds the executions to deliver to
-- here, ListApprovals the pending approvals of a tenant. A row goes when its wait ends (signal,
-- timeout, decision) or its execution ends; readers also join the step's run, so a row that
-- outlived its wait some other way (a join's cancel_others) is never shown.
create table waits (
    execution_id text        not null,
    step_id      text        not null,
    -- The position in the step's any_of; 0 for a single event and for an approval.
    alternative  int         not null,
    attempt      int         not null,
    tenant       text        not null,
    workflow     text        not null,
    kind         text        not null, -- EVENT or APPROVAL
    event        text,
    correlation  text,
    prompt       text,
    approvers    jsonb,
    since        timestamptz not null,
    timeout_at   timestamptz,
    primary key (execution_id, step_id, alternative)
);
create index waits_by_correlation on waits (tenant, event, correlation) where kind = 'EVENT';
create index waits_approvals on waits (tenant, since) where kind = 'APPROVAL';
