-- Outbox rows are claimed for a lease (docs/adr/0002): the committing replica holds a new row
-- while it sends it; a row whose claim ran out or was handed back is taken by the next sweep of
-- any replica, one replica at a time (FOR UPDATE SKIP LOCKED).
alter table outbox add column claimed_until timestamptz not null default '-infinity';
create index outbox_claimable on outbox (claimed_until);

-- What is known of the task a dead letter belongs to, and how it was dealt with.
alter table dead_letters
    add column body_bytes   bigint,
    add column tenant       text,
    add column execution_id text,
    add column step_id      text,
    add column attempt      int,
    add column task_id      text,
    add column status       text not null default 'OPEN',
    add column resolved_at  timestamptz,
    add column resolution   text;
create index dead_letters_by_execution on dead_letters (execution_id) where execution_id is not null;
create index dead_letters_open on dead_letters (tenant, received_at desc) where status = 'OPEN';

-- One id per deployment (per database): results addresses are scoped by it, so two engines with
-- different databases on one broker never take each other's results.
create table deployment (
    id         text primary key,
    created_at timestamptz not null default now()
);
insert into deployment (id) values (replace(gen_random_uuid()::text, '-', ''));
