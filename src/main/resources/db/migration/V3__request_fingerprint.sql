-- What a StartExecution request asked for (workflow, version, input), hashed: a request_id reused
-- for another request is refused instead of silently returning the first execution.
alter table executions add column request_fingerprint text;
