-- The rollout flag enable-workflow-execution-engine (ADR 0015). Every change is appended and
-- never updated: the row with the highest id of a tenant/workflow is its current setting, and
-- the rows are the audit of who changed it and when. workflow '' is the tenant-wide setting;
-- phase null clears a setting (the next less specific one applies again).
create table rollout_flag_changes (
    id         bigserial   primary key,
    tenant     text        not null,
    workflow   text        not null default '',
    phase      text        check (phase in ('off', 'shadow', 'simple', 'complex', 'on')),
    percentage int         check (percentage between 0 and 100),
    set_by     text        not null,
    set_at     timestamptz not null
);
create index rollout_flag_changes_current on rollout_flag_changes (tenant, workflow, id desc);

-- A shadow execution runs but nothing acts on its results (ADR 0015); ListExecutions filters on it.
alter table executions add column shadow boolean not null default false;
