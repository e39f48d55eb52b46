package dev.weft.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.EventApplier;
import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.ExecutionState;
import dev.weft.engine.TaskIds;
import dev.weft.engine.TimerKind;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ADR 0013: attempt and workflow deadlines are columns of the step and execution rows, with the
 * semantics of the timer rows they replaced. Each test runs in a transaction it rolls back, at
 * instants long past, so the application's own timer poller never sees its rows and its claims
 * find only them.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class DeadlineColumnsTest {
    static final Instant T = Instant.parse("1990-01-01T00:00:00Z");
    static final Instant TASK_DUE = T.plusSeconds(30);
    static final Instant WORKFLOW_DUE = T.plusSeconds(600);
    static final Duration LEASE = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    SqlConnection conn;
    Transaction tx;
    final PgCommitWriter writer = new PgCommitWriter();
    final String id = UUID.randomUUID().toString();
    ExecutionState state = ExecutionState.EMPTY;

    @BeforeEach
    void begin() {
        conn = pool.getConnection().await().indefinitely();
        tx = conn.begin().await().indefinitely();
    }

    @AfterEach
    void rollBack() {
        tx.rollback().await().indefinitely();
        conn.close().await().indefinitely();
    }

    @Test
    void aDispatchKeepsItsDeadlineInTheStepRowUntilItsResultTakesItAway() {
        startAndDispatch("a");
        assertThat(deadlineOf("a")).isEqualTo(TASK_DUE + " #1");
        assertThat(executionDeadline()).isEqualTo(WORKFLOW_DUE.toString());
        assertThat(timerRows()).as("no timers row for either deadline").isZero();

        commit(List.of(new ExecutionEvent.TaskCompleted("a", 1, TaskIds.taskId(id, "a", 1), "agent", Map.of(), T)),
                List.of(), List.of(taskDeadlineId("a", 1)), false);

        assertThat(deadlineOf("a")).isEqualTo("none");
        assertThat(executionDeadline()).as("the workflow's deadline is not the step's").isEqualTo(WORKFLOW_DUE.toString());
    }

    @Test
    void aDueDeadlineIsClaimedForALeaseAndAsTheTimerItWas() {
        startAndDispatch("a");

        assertThat(claim(TASK_DUE)).containsExactly(new TimerRow(taskDeadlineId("a", 1), id, TimerKind.TASK_DEADLINE,
                "a", 1, TASK_DUE));
        assertThat(claim(TASK_DUE.plusSeconds(1))).as("leased").isEmpty();
        assertThat(claim(TASK_DUE.plus(LEASE).plusSeconds(1))).as("the lease ran out").hasSize(1);
        assertThat(claim(TASK_DUE.plus(LEASE).plusSeconds(2))).as("leased again").isEmpty();
        assertThat(claim(WORKFLOW_DUE)).as("the workflow's is due, and the task's lease ran out again")
                .containsExactlyInAnyOrder(new TimerRow(id + ":deadline", id, TimerKind.WORKFLOW_DEADLINE, null, 0,
                        WORKFLOW_DUE), new TimerRow(taskDeadlineId("a", 1), id, TimerKind.TASK_DEADLINE, "a", 1,
                        TASK_DUE));
    }

    @Test
    void firingAnOlderAttemptsDeadlineLeavesTheCurrentAttemptsOwn() {
        startAndDispatch("a");
        // Attempt 1 timed out and attempt 2 went out: its deadline replaces the first in the row.
        Instant second = TASK_DUE.plusSeconds(60);
        commit(List.of(new ExecutionEvent.TaskTimedOut("a", 1, TaskIds.taskId(id, "a", 1), "task", T),
                        new ExecutionEvent.RetryScheduled("a", 2, T, T),
                        new ExecutionEvent.StepReady("a", 2, T),
                        new ExecutionEvent.TaskDispatched("a", 2, TaskIds.taskId(id, "a", 2), "echo", Map.of(), second, T)),
                List.of(taskDeadline("a", 2, second)), List.of(taskDeadlineId("a", 1)), false);
        assertThat(deadlineOf("a")).isEqualTo(second + " #2");

        // A late firing of attempt 1's deadline (claimed before the retry) changes nothing but itself.
        commit(List.of(), List.of(), List.of(taskDeadlineId("a", 1)), false);
        assertThat(deadlineOf("a")).isEqualTo(second + " #2");

        // Attempt 2's, consumed by a decision without events (say, the result had already been recorded).
        commit(List.of(), List.of(), List.of(taskDeadlineId("a", 2)), false);
        assertThat(deadlineOf("a")).isEqualTo("none");
    }

    @Test
    void anotherDeadlineStartedForTheSameAttemptMovesItAndFreesItsClaim() {
        startAndDispatch("a");
        assertThat(claim(TASK_DUE)).hasSize(1);
        Instant later = TASK_DUE.plusSeconds(100);

        commit(List.of(), List.of(taskDeadline("a", 1, later)), List.of(), false);

        assertThat(deadlineOf("a")).isEqualTo(later + " #1");
        assertThat(claim(later)).extracting(TimerRow::dueAt).containsExactly(later);
    }

    @Test
    void anEndedExecutionKeepsNoDeadlineNorTimer() {
        startAndDispatch("a");
        dispatch("b", TASK_DUE.plusSeconds(5));
        // A retry backoff of another kind is a row of timers, and goes with the end too.
        commit(List.of(), List.of(new TimerRow(TaskIds.timerId(id, TimerKind.RETRY_BACKOFF, "c", 2), id,
                TimerKind.RETRY_BACKOFF, "c", 2, TASK_DUE)), List.of(), false);
        assertThat(timerRows()).isEqualTo(1);

        commit(List.of(new ExecutionEvent.ExecutionCancelled("by someone", T)), List.of(), List.of(), true);

        assertThat(deadlineOf("a")).isEqualTo("none");
        assertThat(deadlineOf("b")).isEqualTo("none");
        assertThat(executionDeadline()).isEqualTo("none");
        assertThat(timerRows()).isZero();
        assertThat(claim(WORKFLOW_DUE)).isEmpty();
    }

    @Test
    void timersOfOtherKindsStayRowsOfTheTimersTable() {
        startAndDispatch("a");
        TimerRow queue = new TimerRow(TaskIds.timerId(id, TimerKind.QUEUE_DEADLINE, "a", 1), id,
                TimerKind.QUEUE_DEADLINE, "a", 1, T.plusSeconds(10));
        commit(List.of(), List.of(queue), List.of(), false);

        assertThat(timerRows()).isEqualTo(1);
        assertThat(claim(TASK_DUE)).extracting(TimerRow::kind)
                .containsExactlyInAnyOrder(TimerKind.QUEUE_DEADLINE, TimerKind.TASK_DEADLINE);

        commit(List.of(), List.of(), List.of(queue.id()), false);
        assertThat(timerRows()).isZero();
        assertThat(deadlineOf("a")).as("a queue deadline is not the attempt's").isEqualTo(TASK_DUE + " #1");
    }

    // --- the commits, as the runtime makes them

    private void startAndDispatch(String step) {
        var started = new ExecutionEvent.ExecutionStarted(id, "default", "w", 1, Map.of(), null, null, WORKFLOW_DUE,
                null, T);
        commit(List.of(started), List.of(new TimerRow(id + ":deadline", id, TimerKind.WORKFLOW_DEADLINE, null, 0,
                WORKFLOW_DUE)), List.of(), false);
        dispatch(step, TASK_DUE);
    }

    private void dispatch(String step, Instant due) {
        commit(List.of(new ExecutionEvent.TaskDispatched(step, 1, TaskIds.taskId(id, step, 1), "echo", Map.of(), due, T)),
                List.of(taskDeadline(step, 1, due)), List.of(), false);
    }

    private TimerRow taskDeadline(String step, int attempt, Instant due) {
        return new TimerRow(taskDeadlineId(step, attempt), id, TimerKind.TASK_DEADLINE, step, attempt, due);
    }

    private String taskDeadlineId(String step, int attempt) {
        return TaskIds.timerId(id, TimerKind.TASK_DEADLINE, step, attempt);
    }

    private void commit(List<ExecutionEvent> events, List<TimerRow> start, List<String> cancel, boolean ended) {
        ExecutionState before = state;
        for (ExecutionEvent e : events) {
            state = EventApplier.apply(state, e, List.of("a", "b"));
        }
        writer.write(conn, List.of(new CommitRequest(state, before.sequence() + 1, events, List.of(), T, start, cancel,
                ended, T))).await().indefinitely();
    }

    private List<TimerRow> claim(Instant now) {
        List<TimerRow> mine = new ArrayList<>();
        for (TimerRow t : PgTimerStore.claimDue(conn, now, LEASE, 100).await().indefinitely()) {
            if (t.executionId().equals(id)) {
                mine.add(t);
            }
        }
        return mine;
    }

    /** "due #attempt", or "none". */
    private String deadlineOf(String step) {
        Row row = one("select deadline_at, deadline_attempt from step_runs where execution_id = $1 and step_id = $2",
                Tuple.of(id, step));
        return row.getOffsetDateTime(0) == null ? "none"
                : Timestamps.of(row.getOffsetDateTime(0)) + " #" + row.getInteger(1);
    }

    private String executionDeadline() {
        Row row = one("select deadline_at from executions where id = $1", Tuple.of(id));
        return row.getOffsetDateTime(0) == null ? "none" : Timestamps.of(row.getOffsetDateTime(0)).toString();
    }

    private long timerRows() {
        return one("select count(*) from timers where execution_id = $1", Tuple.of(id)).getLong(0);
    }

    private Row one(String sql, Tuple args) {
        return conn.preparedQuery(sql).execute(args).await().indefinitely().iterator().next();
    }
}
