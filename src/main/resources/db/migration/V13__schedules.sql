-- Cron schedules (dev.weft.schedule). A row per schedule; every replica's poller claims due rows
-- with FOR UPDATE SKIP LOCKED. Exactly one execution per fire time does not rest on that lock:
-- a fire's start carries the request id schedule:<id>@<fire time>, unique per tenant in
-- executions (executions_request_id), so a replica that retries a fire another already started
-- gets that execution back.
create table schedules (
    tenant            text        not null,
    id                text        not null,
    workflow          text        not null,
    version           int         not null default 0,     -- 0: the default version at fire time
    cron              text        not null,
    time_zone         text        not null,
    input             jsonb       not null,
    overlap           text        not null,                -- OverlapPolicy
    catch_up          text        not null,                -- CatchUpPolicy
    start_at          timestamptz,
    end_at            timestamptz,
    paused            boolean     not null default false,
    declared          boolean     not null default false,  -- by a definition's schedule: block
    next_fire_at      timestamptz,                         -- null: ended (past end_at)
    last_fire_at      timestamptz,
    last_outcome      text,                                -- FireOutcome
    last_execution_id text,                                -- the latest fire's execution, for the overlap policy
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    primary key (tenant, id)
);
create index schedules_due on schedules (next_fire_at) where not paused and next_fire_at is not null;

-- What became of each fire time: one row per (schedule, fire time), written in the transaction
-- that advances next_fire_at.
create table schedule_fires (
    tenant       text        not null,
    schedule_id  text        not null,
    fire_at      timestamptz not null,
    outcome      text        not null,
    execution_id text,
    detail       text        not null default '',
    recorded_at  timestamptz not null,
    primary key (tenant, schedule_id, fire_at),
    foreign key (tenant, schedule_id) references schedules (tenant, id) on delete cascade
);
