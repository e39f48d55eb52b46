-- Pause and resume (ADR 0006). The status column is text, so PAUSED needs no schema change; but a
-- paused execution is alive: capability demand counts the tasks it still has out with agents
-- (PgAgentStore.runningSteps, every few seconds), which the RUNNING-only partial index cannot serve.
create index executions_alive on executions (status) where status in ('RUNNING', 'PAUSED');
