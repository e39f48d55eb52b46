-- Weft core schema. The event table is the truth; every other table is a projection, a queue or
-- a cache that can be rebuilt or re-driven from it.

create table workflow_definitions (
    id            bigint primary key,
    tenant        text        not null,
    name          text        not null,
    version       int         not null,
    description   text        not null default '',
    source        text        not null,          -- the text exactly as registered; parsed on load
    registered_at timestamptz not null,
    unique (tenant, name, version)
);
create sequence workflow_definitions_seq start with 1 increment by 50;

create table executions (
    id               text primary key,
    tenant           text        not null,
    workflow_name    text        not null,
    workflow_version int         not null,
    status           text        not null,
    request_id       text,
    input            jsonb,
    output           jsonb,
    error            jsonb,
    started_at       timestamptz not null,
    ended_at         timestamptz,
    updated_at       timestamptz not null,
    -- The sequence of the last event: optimistic concurrency between replicas.
    version          bigint      not null
);
create unique index executions_request_id on executions (tenant, request_id) where request_id is not null;
create index executions_by_workflow on executions (tenant, workflow_name, started_at desc);
create index executions_by_status on executions (tenant, status, started_at desc);
create index executions_running on executions (status) where status = 'RUNNING';

create table execution_events (
    execution_id   text        not null,
    seq            bigint      not null,
    type           text        not null,
    schema_version smallint    not null,
    step_id        text,
    payload        jsonb       not null,
    recorded_at    timestamptz not null,
    primary key (execution_id, seq)
);

-- The history is an audit trail: once written it never changes.
create function execution_events_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'execution_events is append-only: % refused', tg_op;
end $$;
create trigger execution_events_no_update before update or delete on execution_events
    for each row execute function execution_events_immutable();
create trigger execution_events_no_truncate before truncate on execution_events
    for each statement execute function execution_events_immutable();

-- One row per step, the latest view, for queries and dashboards.
create table step_runs (
    execution_id text not null,
    step_id      text not null,
    status       text not null,
    attempt      int  not null,
    agent        text,
    agent_id     text,
    started_at   timestamptz,
    ended_at     timestamptz,
    output       jsonb,
    error        jsonb,
    skip_reason  text,
    primary key (execution_id, step_id)
);

-- Task messages committed with the TaskDispatched event; the relay deletes a row once the
-- broker has accepted its message.
create table outbox (
    id           bigserial primary key,
    execution_id text        not null,
    task_id      text        not null,
    address      text        not null,
    message      jsonb       not null,
    ready_at     timestamptz not null,
    created_at   timestamptz not null
);

create table timers (
    id            text primary key,
    execution_id  text        not null,
    kind          text        not null,
    step_id       text,
    attempt       int         not null,
    due_at        timestamptz not null,
    claimed_until timestamptz
);
create index timers_due on timers (due_at);
create index timers_by_execution on timers (execution_id);

-- Messages that could not be understood: never dropped, kept with the reason.
create table dead_letters (
    id          bigserial primary key,
    received_at timestamptz not null,
    source      text        not null,
    reason      text        not null,
    properties  jsonb,
    body        text
);

create table agents (
    agent_id          text primary key,
    capabilities      text[]      not null,
    version           text,
    status            text        not null,
    interval_seconds  int         not null,
    last_heartbeat_at timestamptz not null
);
