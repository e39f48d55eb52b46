package dev.weft.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.Effect;
import dev.weft.engine.EventApplier;
import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.ExecutionState;
import dev.weft.engine.TaskIds;
import dev.weft.runtime.TaskMessages;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ADR 0016: a task message waits for the broker as a claim in its step row, and a sweep rebuilds
 * the very message its dispatch sent. Each test runs in a transaction it rolls back, at instants
 * long past, so the application's own sweep never sees its rows and the claims find only them.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class TaskMessagesInStepRowsTest {
    static final Instant T = Instant.parse("1990-01-01T00:00:00Z");
    static final Duration CLAIM = Duration.ofSeconds(20);
    static final String TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Inject
    Pool pool;

    SqlConnection conn;
    Transaction tx;
    PgOutboxStore store;
    final PgCommitWriter writer = new PgCommitWriter();
    final TaskMessages messages = new TaskMessages(capability -> "weft.tasks." + capability);
    final String id = UUID.randomUUID().toString();
    ExecutionState state = ExecutionState.EMPTY;

    @BeforeEach
    void begin() {
        conn = pool.getConnection().await().indefinitely();
        tx = conn.begin().await().indefinitely();
        store = new PgOutboxStore(conn, messages::resend);
    }

    @AfterEach
    void rollBack() {
        tx.rollback().await().indefinitely();
        conn.close().await().indefinitely();
    }

    @Test
    void aDispatchWritesNoOutboxRowButAClaimOnItsStepRow() {
        start();
        List<OutboxMessage> sent = dispatch("a", 1);

        assertThat(sent).singleElement().extracting(OutboxMessage::kept).isEqualTo(OutboxMessage.Kept.STEP_ROW);
        assertThat(outboxRows()).isZero();
        assertThat(claimOf("a")).isEqualTo(T.plus(CLAIM).toString());
    }

    @Test
    void aClaimThatRanOutIsSweptAsTheSameMessageItsDispatchSent() throws Exception {
        start();
        OutboxMessage original = dispatch("a", 1).get(0);

        assertThat(claim(T.plusSeconds(1))).as("still this replica's").isEmpty();
        List<OutboxMessage> swept = claim(T.plus(CLAIM).plusSeconds(1));

        assertThat(swept).singleElement().satisfies(m -> {
            assertThat(m.taskId()).isEqualTo(original.taskId());
            assertThat(m.address()).isEqualTo("weft.tasks.echo");
            assertThat(m.key()).isEqualTo(original.key());
        });
        ObjectMapper json = new ObjectMapper();
        JsonNode body = json.readTree(swept.get(0).message());
        assertThat(body).isEqualTo(json.readTree(original.message()));
        assertThat(body.get("traceparent").asText()).isEqualTo(TRACE);
        assertThat(body.get("queueDeadline").asText()).isEqualTo(T.plusSeconds(5).toString());
        assertThat(claim(T.plus(CLAIM).plusSeconds(2))).as("claimed again, until its new lease runs out").isEmpty();
    }

    @Test
    void aSweptTaskOfAShadowExecutionStillSaysSo() throws Exception {
        commit(new ExecutionEvent.ExecutionStarted(id, "default", "w", 1, Map.of(), null, null, T.plusSeconds(600),
                TRACE, null, dev.weft.engine.RolloutDecision.inherited(true), T));
        String taskId = TaskIds.taskId(id, "a", 1);
        var effect = new Effect.DispatchTask(taskId, "a", 1, "echo", Map.of(), TaskIds.idempotencyKey(id, "a"), T,
                T.plusSeconds(30), null);
        write(List.of(new ExecutionEvent.TaskDispatched("a", 1, taskId, "echo", Map.of(), T.plusSeconds(30), T)),
                List.of(messages.of(id, "default", TRACE, true, effect)));

        List<OutboxMessage> swept = claim(T.plus(CLAIM).plusSeconds(1));

        assertThat(swept).singleElement().satisfies(m -> {
            assertThat(new ObjectMapper().readTree(m.message()).get("shadow").asBoolean()).isTrue();
            assertThat(m.headers()).containsEntry(dev.weft.agent.AgentProtocol.PROP_SHADOW, true);
        });
    }

    @Test
    void theResultClearsTheClaimSoAnAcceptedTaskCostsNoOtherWrite() {
        start();
        dispatch("a", 1);

        commit(new ExecutionEvent.TaskCompleted("a", 1, TaskIds.taskId(id, "a", 1), "agent-1", Map.of(), T));

        assertThat(claimOf("a")).isEqualTo("none");
        assertThat(claim(T.plus(CLAIM).plusSeconds(1))).isEmpty();
    }

    @Test
    void anAcceptanceOrAReleaseOfAnOlderAttemptLeavesTheCurrentAttemptsClaim() {
        start();
        OutboxMessage first = dispatch("a", 1).get(0);
        commit(new ExecutionEvent.TaskTimedOut("a", 1, TaskIds.taskId(id, "a", 1), "task", T),
                new ExecutionEvent.RetryScheduled("a", 2, T, T));
        assertThat(claimOf("a")).as("the timeout ended attempt 1").isEqualTo("none");
        OutboxMessage second = dispatch("a", 2).get(0);

        store.release(List.of(first.key())).await().indefinitely();
        store.delete(List.of(first.key())).await().indefinitely();
        assertThat(claimOf("a")).isEqualTo(T.plus(CLAIM).toString());

        store.release(List.of(second.key())).await().indefinitely();
        assertThat(claimOf("a")).as("handed back").isEqualTo("-infinity");
        assertThat(claim(T)).extracting(OutboxMessage::taskId).containsExactly(second.taskId());
        store.delete(List.of(second.key())).await().indefinitely();
        assertThat(claimOf("a")).as("accepted").isEqualTo("none");
    }

    @Test
    void theEndsCancellationOfARunningStepClearsItsClaim() {
        start();
        dispatch("a", 1);

        commit(new ExecutionEvent.ExecutionCancelled("by someone", T));

        assertThat(claimOf("a")).isEqualTo("none");
    }

    // --- the commits, as the runtime makes them

    private void start() {
        commit(new ExecutionEvent.ExecutionStarted(id, "default", "w", 1, Map.of(), null, null, T.plusSeconds(600),
                TRACE, T));
    }

    /** Dispatches an attempt of {@code step} with a queue deadline; returns what the relay is to send. */
    private List<OutboxMessage> dispatch(String step, int attempt) {
        String taskId = TaskIds.taskId(id, step, attempt);
        Instant due = T.plusSeconds(30);
        Instant queueDue = T.plusSeconds(5);
        Map<String, Object> input = Map.of("text", "hello", "n", 6);
        var event = new ExecutionEvent.TaskDispatched(step, attempt, taskId, "echo", input, due, queueDue, T);
        var effect = new Effect.DispatchTask(taskId, step, attempt, "echo", input, TaskIds.idempotencyKey(id, step), T,
                due, queueDue);
        return write(List.of(event), List.of(messages.of(id, "default", TRACE, false, effect)));
    }

    private void commit(ExecutionEvent... events) {
        write(List.of(events), List.of());
    }

    private List<OutboxMessage> write(List<ExecutionEvent> events, List<OutboxMessage> outbox) {
        ExecutionState before = state;
        for (ExecutionEvent e : events) {
            state = EventApplier.apply(state, e, List.of("a", "b"));
        }
        return writer.write(conn, List.of(new CommitRequest(state, before.sequence() + 1, events, outbox, T.plus(CLAIM),
                List.of(), List.of(), state.isTerminal(), T))).await().indefinitely();
    }

    private List<OutboxMessage> claim(Instant now) {
        return store.claimUnsent(now, CLAIM, 100).await().indefinitely().stream()
                .filter(m -> m.executionId().equals(id)).toList();
    }

    private String claimOf(String step) {
        Row row = one("select send_claimed_until::text from step_runs where execution_id = $1 and step_id = $2",
                Tuple.of(id, step));
        String at = row.getString(0);
        return at == null ? "none" : at.equals("-infinity") ? at : Timestamps.of(one(
                "select send_claimed_until from step_runs where execution_id = $1 and step_id = $2",
                Tuple.of(id, step)).getOffsetDateTime(0)).toString();
    }

    private long outboxRows() {
        return one("select count(*) from outbox where execution_id = $1", Tuple.of(id)).getLong(0);
    }

    private Row one(String sql, Tuple args) {
        return conn.preparedQuery(sql).execute(args).await().indefinitely().iterator().next();
    }
}
