-- ADR 0016: a task message waits for the broker's acceptance as a claim in its step's row (the
-- outbox claim of ADR 0002 moved); the message is rebuilt from its TaskDispatched event when a
-- sweep must send it again. NULL: nothing to send (accepted, or the attempt is over).
alter table step_runs add column send_claimed_until timestamptz;
create index step_runs_unsent on step_runs (send_claimed_until) where send_claimed_until is not null;
-- Task messages still in the outbox from before stay there and are sent and deleted as before.
