package dev.weft.runtime;

import dev.weft.definition.DefinitionParser;
import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.Decider;
import dev.weft.expr.CelExpressionEvaluator;
import dev.weft.expr.ExpressionEvaluator;
import dev.weft.runtime.port.CommitStore;
import dev.weft.runtime.port.DefinitionLookup;
import dev.weft.runtime.port.HistoryStore;
import dev.weft.store.CommitRequest;
import dev.weft.store.OutboxMessage;
import dev.weft.store.StoredEvent;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A runtime on in-memory ports that answer at once: what it commits is recorded, what it reads
 * comes from {@link #history}. For tests of the runtime's own rules, without a database.
 */
public final class RuntimeFixture {
    final List<CommitRequest> commits = new ArrayList<>();
    final List<StoredEvent> history = new ArrayList<>();
    final WorkflowDefinition definition;
    final ExecutionRuntime runtime;
    /** When set, expressions fail as a bug would (not as a user's expression error). */
    boolean expressionsBreak;
    /** What the circuit breakers say; admits everything unless a test says otherwise. */
    dev.weft.engine.DispatchGate.Admission gate = dev.weft.engine.DispatchGate.Admission.ADMITTED;

    /** Every name and version is this one definition. */
    static DefinitionLookup definitions(WorkflowDefinition definition) {
        return new DefinitionLookup() {
            @Override
            public Uni<WorkflowDefinition> pinned(String tenant, String name, int version) {
                return Uni.createFrom().item(definition);
            }

            @Override
            public Uni<WorkflowDefinition> forStart(String tenant, String name, int version) {
                return Uni.createFrom().item(definition);
            }
        };
    }

    RuntimeFixture(String yaml) {
        definition = new DefinitionParser().parse(yaml).withVersion(1);
        ExpressionEvaluator real = new CelExpressionEvaluator();
        ExpressionEvaluator evaluator = new ExpressionEvaluator() {
            @Override
            public Object resolve(Object template, Map<String, Object> context) {
                if (expressionsBreak) {
                    throw new IllegalStateException("a bug in the evaluator");
                }
                return real.resolve(template, context);
            }
        };
        CommitStore store = request -> {
            commits.add(request);
            long id = commits.size() * 100L;
            List<OutboxMessage> sent = new ArrayList<>();
            for (OutboxMessage m : request.outbox()) {
                sent.add(m.withId(id++));
            }
            return Uni.createFrom().item(sent);
        };
        HistoryStore reader = (executionId, after, limit) -> Uni.createFrom().item(history.stream()
                .filter(e -> e.sequence() > after).limit(limit).toList());
        BatchProcessor batches = new BatchProcessor(new Decider(evaluator), () -> Instant.parse("2030-01-01T00:00:00Z"),
                store, new EffectPlanner(new TaskMessages(c -> "weft.tasks." + c)), new ChangeBroadcaster(listener -> { }),
                Duration.ofSeconds(20), capability -> gate);
        runtime = new ExecutionRuntime(reader, definitions(definition), batches, listener -> { });
    }
}
