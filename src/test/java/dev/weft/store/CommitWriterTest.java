package dev.weft.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.EventApplier;
import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.ExecutionState;
import dev.weft.engine.TimerKind;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The store refuses a decision taken on a state it has moved past, whatever the decision writes:
 * a stale cache can neither move an execution row back nor throw away a timer it did not see.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class CommitWriterTest {
    static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

    @Inject
    Pool pool;

    PgBatchWriter writer() {
        return new PgBatchWriter(pool);
    }

    private static ExecutionState apply(ExecutionState state, ExecutionEvent... events) {
        ExecutionState s = state;
        for (ExecutionEvent e : events) {
            s = EventApplier.apply(s, e, List.of("a"));
        }
        return s;
    }

    private static CommitRequest commit(ExecutionState before, ExecutionState after, List<ExecutionEvent> events,
                                        List<TimerRow> start, List<String> cancel) {
        return new CommitRequest(after, before.sequence() + 1, events, List.of(), T, start, cancel, false, T);
    }

    private static boolean isStale(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StaleExecutionException) {
                return true;
            }
        }
        return false;
    }

    private String status(String id) {
        return pool.preparedQuery("select status || ':' || version from executions where id = $1")
                .execute(Tuple.of(id)).await().indefinitely().iterator().next().getString(0);
    }

    /** Timer rows and deadlines kept in the execution's own rows (ADR 0013). */
    private long timers(String id) {
        return pool.preparedQuery("""
                        select (select count(*) from timers where execution_id = $1)
                             + (select count(*) from step_runs where execution_id = $1 and deadline_at is not null)
                             + (select count(*) from executions where id = $1 and deadline_at is not null)""")
                .execute(Tuple.of(id)).await().indefinitely().iterator().next().getLong(0);
    }

    @Test
    void aStaleDecisionCannotMoveAnEndedExecutionBackOrDropItsTimer() {
        String id = UUID.randomUUID().toString();
        var started = new ExecutionEvent.ExecutionStarted(id, "default", "w", 1, Map.of(), null, null, T.plusSeconds(60), null, T);
        ExecutionState s1 = apply(ExecutionState.EMPTY, started);
        TimerRow deadline = new TimerRow(id + ":deadline", id, TimerKind.WORKFLOW_DEADLINE, null, 0, T.plusSeconds(60));
        writer().write(List.of(commit(ExecutionState.EMPTY, s1, List.of(started), List.of(deadline), List.of())))
                .await().indefinitely();
        // Another replica moves the execution on (here: it is cancelled), keeping the timer for the test.
        var cancelled = new ExecutionEvent.ExecutionCancelled("by someone", T);
        ExecutionState s2 = apply(s1, cancelled);
        writer().write(List.of(commit(s1, s2, List.of(cancelled), List.of(), List.of()))).await().indefinitely();
        assertThat(status(id)).isEqualTo("CANCELLED:2");

        // A replica still holding s1 consumes the timer without an event (its decision saw nothing to do).
        assertThatThrownBy(() -> writer().write(List.of(commit(s1, s1, List.of(), List.of(), List.of(deadline.id()))))
                .await().indefinitely()).matches(CommitWriterTest::isStale, "a StaleExecutionException");
        assertThat(timers(id)).as("the timer stays").isEqualTo(1);
        assertThat(status(id)).isEqualTo("CANCELLED:2");
    }

    @Test
    void aDecisionOnAnOlderVersionIsRefusedEvenWhereTheEventKeyIsFree() {
        String id = UUID.randomUUID().toString();
        var started = new ExecutionEvent.ExecutionStarted(id, "default", "w", 1, Map.of(), null, null, T.plusSeconds(60), null, T);
        ExecutionState s1 = apply(ExecutionState.EMPTY, started);
        writer().write(List.of(commit(ExecutionState.EMPTY, s1, List.of(started), List.of(), List.of())))
                .await().indefinitely();
        // A state claiming sequence 5 writes event 6 on top of a row at version 1.
        var noise = new ExecutionEvent.ResultIgnored("a", 1, id + ":a:1", "ag", "duplicate result", null, T);
        ExecutionState stale = apply(s1, noise, noise, noise, noise);
        ExecutionState next = apply(stale, noise);

        assertThatThrownBy(() -> writer().write(List.of(commit(stale, next, List.of(noise), List.of(), List.of())))
                .await().indefinitely()).matches(CommitWriterTest::isStale, "a StaleExecutionException");
        assertThat(status(id)).isEqualTo("RUNNING:1");
    }
}
