package dev.weft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.definition.DefinitionParser;
import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.Decider;
import dev.weft.engine.DispatchGate;
import dev.weft.expr.CelExpressionEvaluator;
import dev.weft.runtime.BatchProcessor;
import dev.weft.runtime.ChangeBroadcaster;
import dev.weft.runtime.EffectPlanner;
import dev.weft.runtime.ExecutionRuntime;
import dev.weft.runtime.ExecutionStarts;
import dev.weft.runtime.port.DefinitionLookup;
import dev.weft.runtime.port.ExecutionLookup;
import dev.weft.store.CommitRequest;
import dev.weft.store.ExecutionRow;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * StartExecution whose COMMIT went through but whose reply was lost (the connection dropped right
 * after it): the execution exists and runs, so the caller is told it was created, not an error.
 */
class LostCommitReplyTest {
    final WorkflowDefinition definition = new DefinitionParser().parse("""
            name: lost-reply
            steps:
              - { id: a, agent: echo }
            """).withVersion(1);
    final List<CommitRequest> applied = new ArrayList<>();

    @Test
    void aStartWhoseCommitReplyIsLostReportsTheExecutionItCreated() {
        BatchProcessor batches = new BatchProcessor(new Decider(new CelExpressionEvaluator()),
                () -> Instant.parse("2030-01-01T00:00:00Z"), request -> {
                    applied.add(request); // the database has it...
                    return Uni.createFrom().failure(new IllegalStateException("Connection closed")); // ...the reply is lost
                }, new EffectPlanner(new TaskMessages(c -> "weft.tasks." + c)), new ChangeBroadcaster(l -> { }), Duration.ofSeconds(20),
                DispatchGate.OPEN);
        DefinitionLookup definitions = new DefinitionLookup() {
            @Override
            public Uni<WorkflowDefinition> pinned(String tenant, String name, int version) {
                return Uni.createFrom().item(definition);
            }

            @Override
            public Uni<WorkflowDefinition> forStart(String tenant, String name, int version) {
                return Uni.createFrom().item(definition);
            }
        };
        ExecutionLookup executions = new ExecutionLookup() {
            @Override
            public Uni<Optional<ExecutionRow>> find(String executionId) {
                return Uni.createFrom().item(applied.stream().filter(r -> r.state().executionId().equals(executionId))
                        .findFirst().map(r -> new ExecutionRow(executionId, "default", "lost-reply", 1, "RUNNING",
                                r.now(), null, r.state().sequence(), null)));
            }

            @Override
            public Uni<Optional<ExecutionRow>> findByRequestId(String tenant, String requestId) {
                return Uni.createFrom().item(Optional.empty());
            }
        };
        ExecutionRuntime runtime = new ExecutionRuntime((id, after, limit) -> Uni.createFrom().item(List.of()),
                definitions, batches, l -> { });
        ExecutionStarts starts = new ExecutionStarts(runtime, definitions, executions, () -> "ex-1");

        ExecutionStarts.Started started = starts.start(new ExecutionStarts.StartRequest("default", "lost-reply", 0,
                Map.of(), null, null)).await().indefinitely();

        assertThat(started.created()).isTrue();
        assertThat(started.executionId()).isEqualTo("ex-1");
        assertThat(applied).hasSize(1);
    }
}
