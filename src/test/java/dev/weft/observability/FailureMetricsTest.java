package dev.weft.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.definition.DefinitionParser;
import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.ErrorInfo;
import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.ExecutionState;
import dev.weft.store.CommitRequest;
import dev.weft.store.DeadLetter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Escalations, dead letters and held tasks are counted where they are committed or kept. */
class FailureMetricsTest {
    static final Instant T = Instant.parse("2030-01-01T00:00:00Z");
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final FailureMetrics metrics = new FailureMetrics(registry);
    final WorkflowDefinition definition = new DefinitionParser().parse("""
            name: counted
            steps: [ { id: a, agent: w } ]
            """);

    @Test
    void aCommitCountsItsEscalationsHeldTasksAndDeadLetters() {
        DeadLetter letter = new DeadLetter(T, "task", "failed", Map.of(), "{}", 2, "t", "ex", "a", 1, "ex:a:1");
        CommitRequest request = new CommitRequest(ExecutionState.EMPTY, 5, List.of(
                new ExecutionEvent.EscalationRaised("a", ErrorInfo.of("agent_error", "boom"), null, T),
                new ExecutionEvent.TaskHeld("a", "w", "circuit open", T)), List.of(), T, List.of(), List.of(), false,
                List.of(letter), List.of(), T);

        metrics.committed(definition, request, List.of());

        assertThat(registry.counter("weft.escalations", "workflow", "counted").count()).isEqualTo(1);
        assertThat(registry.counter("weft.tasks.held", "capability", "w").count()).isEqualTo(1);
        assertThat(registry.counter("weft.dead.letters", "source", "task").count()).isEqualTo(1);
    }

    @Test
    void aDeadLetterKeptOutsideACommitIsCountedByItsSource() {
        var store = metrics.counting(d -> Uni.createFrom().item(7L));
        store.add(new DeadLetter(T, "results", "unreadable", Map.of(), "x", 1, null, null, null, null, null))
                .await().indefinitely();

        assertThat(registry.counter("weft.dead.letters", "source", "results").count()).isEqualTo(1);
    }
}
