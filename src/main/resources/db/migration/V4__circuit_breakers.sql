-- The shared truth of the circuit breakers (dev.weft.breaker): one row per agent capability.
-- Every replica keeps a copy in memory and changes a row only with a conditional UPDATE on its
-- epoch, so two replicas that decide at once make one transition; each change is announced with
-- NOTIFY weft_breakers (payload: the capability) in the same statement.
create table circuit_breakers (
    capability      text        primary key,
    state           text        not null check (state in ('CLOSED', 'OPEN', 'HALF_OPEN')),
    -- Grows by one with every transition (and every reset): the compare-and-set key.
    epoch           bigint      not null,
    since           timestamptz not null,
    -- OPEN: when probing may start.
    open_until      timestamptz,
    reason          text        not null default '',
    -- The replica that made the last change.
    changed_by      text        not null default '',
    -- HALF_OPEN: probe permits claimed by any replica, and probe successes recorded by any replica.
    probes_claimed  int         not null default 0,
    probe_successes int         not null default 0,
    last_probe_at   timestamptz
);
