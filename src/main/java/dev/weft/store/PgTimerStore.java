package dev.weft.store;

import dev.weft.engine.TaskIds;
import dev.weft.engine.TimerKind;
import dev.weft.runtime.port.TimerStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Timers live in PostgreSQL so they survive restarts: attempt and workflow deadlines in columns of
 * their step and execution rows (ADR 0013, {@link DeadlineColumns}), the other kinds in {@code timers}. A replica claims due timers for a lease
 * with {@code FOR UPDATE SKIP LOCKED}, so two replicas never fire the same timer at once and a
 * replica that dies mid-way leaves its claims to expire and be taken again.
 */
public class PgTimerStore implements TimerStore {
    private final Pool pool;

    public PgTimerStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Claims from the three places timers live (ADR 0013), each ordered by due time and limited on
     * its own, in one statement: up to {@code limit} of each.
     */
    private static final String CLAIM_DUE = """
            with timer_rows as (
                update timers set claimed_until = $2
                where id in (select id from timers
                             where due_at <= $1 and (claimed_until is null or claimed_until < $1)
                             order by due_at limit $3 for update skip locked)
                returning kind, execution_id, step_id, attempt, due_at),
            attempt_deadlines as (
                update step_runs set deadline_claimed_until = $2
                where (execution_id, step_id) in (
                    select execution_id, step_id from step_runs
                    where deadline_at <= $1 and (deadline_claimed_until is null or deadline_claimed_until < $1)
                    order by deadline_at limit $3 for update skip locked)
                returning 'TASK_DEADLINE' as kind, execution_id, step_id, deadline_attempt as attempt,
                          deadline_at as due_at),
            execution_deadlines as (
                update executions set deadline_claimed_until = $2
                where id in (select id from executions
                             where deadline_at <= $1 and (deadline_claimed_until is null or deadline_claimed_until < $1)
                             order by deadline_at limit $3 for update skip locked)
                returning 'WORKFLOW_DEADLINE' as kind, id as execution_id, null::text as step_id, 0 as attempt,
                          deadline_at as due_at)
            select * from timer_rows
            union all select * from attempt_deadlines
            union all select * from execution_deadlines""";

    @Override
    public Uni<List<TimerRow>> claimDue(Instant now, Duration lease, int limit) {
        return claimDue(pool, now, lease, limit);
    }

    /** On any client: a test claims inside a transaction of its own that no other poller sees. */
    static Uni<List<TimerRow>> claimDue(SqlClient client, Instant now, Duration lease, int limit) {
        return client.preparedQuery(CLAIM_DUE)
                .execute(Tuple.of(Timestamps.of(now), Timestamps.of(now.plus(lease)), limit))
                .map(rows -> {
                    List<TimerRow> timers = new ArrayList<>();
                    for (Row r : rows) {
                        TimerKind kind = TimerKind.valueOf(r.getString(0));
                        String executionId = r.getString(1);
                        String stepId = r.getString(2);
                        int attempt = r.getInteger(3);
                        timers.add(new TimerRow(TaskIds.timerId(executionId, kind, stepId, attempt), executionId, kind,
                                stepId, attempt, Timestamps.of(r.getOffsetDateTime(4))));
                    }
                    return timers;
                });
    }

    @Override
    public Uni<Void> delete(TimerRow timer) {
        Uni<?> done = switch (timer.kind()) {
            case TASK_DEADLINE -> pool.preparedQuery(DeadlineColumns.CLEAR_STEP_ATTEMPT)
                    .execute(Tuple.of(timer.executionId(), timer.stepId(), timer.attempt()));
            case WORKFLOW_DEADLINE -> pool.preparedQuery(DeadlineColumns.CLEAR_EXECUTION)
                    .execute(Tuple.of(timer.executionId()));
            case QUEUE_DEADLINE, RETRY_BACKOFF, SLEEP, WAIT_TIMEOUT ->
                    pool.preparedQuery("delete from timers where id = $1").execute(Tuple.of(timer.id()));
        };
        return done.replaceWithVoid();
    }
}
