-- Half-open probes are counted when they are sent, not only when claimed: a permit claimed by a
-- replica that stopped before sending its task is known as lost within seconds (ADR 0003).
alter table circuit_breakers
    add column probes_dispatched int not null default 0,
    add column probe_deadline    timestamptz;
