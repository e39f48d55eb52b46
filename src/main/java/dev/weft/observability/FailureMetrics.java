package dev.weft.observability;

import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.ExecutionEvent;
import dev.weft.runtime.CommitListener;
import dev.weft.runtime.port.DeadLetterStore;
import dev.weft.store.CommitRequest;
import dev.weft.store.DeadLetter;
import dev.weft.store.OutboxMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * What went wrong, counted: escalations by workflow ({@code weft.escalations}), dead letters by
 * source ({@code weft.dead.letters}: results, task, escalation) and tasks held by an open circuit
 * breaker by capability ({@code weft.tasks.held}). Counted on the replica that committed them.
 */
public final class FailureMetrics implements CommitListener {
    private final MeterRegistry registry;

    public FailureMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void committed(WorkflowDefinition definition, CommitRequest request, List<OutboxMessage> sent) {
        for (ExecutionEvent event : request.events()) {
            if (event instanceof ExecutionEvent.EscalationRaised) {
                registry.counter("weft.escalations", "workflow", definition.name()).increment();
            } else if (event instanceof ExecutionEvent.TaskHeld held) {
                registry.counter("weft.tasks.held", "capability", held.capability()).increment();
            }
        }
        for (DeadLetter letter : request.deadLetters()) {
            registry.counter("weft.dead.letters", "source", letter.source()).increment();
        }
    }

    /** The dead letters kept outside a commit (results, escalation starts), counted the same way. */
    public DeadLetterStore counting(DeadLetterStore store) {
        return letter -> store.add(letter).invoke(id ->
                registry.counter("weft.dead.letters", "source", letter.source()).increment());
    }
}
