-- Executions with a step held back by its capability's circuit breaker, found again when the
-- breaker half-opens or closes.
create index step_runs_held on step_runs (execution_id) where status = 'HELD';
