package dev.weft.wiring;

import dev.weft.breaker.CapabilityBreakers;
import dev.weft.breaker.Outcome;
import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.StepState;
import dev.weft.runtime.CommitListener;
import dev.weft.store.CommitRequest;
import dev.weft.store.OutboxMessage;
import java.time.Instant;
import java.util.List;

/**
 * Feeds each task outcome into its capability's breaker, once, on the replica that committed it:
 * a result, an agent's failure (an unusable result counts, the agent is at fault), a timeout; and
 * each task sent, so a half-open breaker knows its probes went out.
 * Ignored results do not count; neither does a step failed fast by an open breaker (no task).
 */
final class BreakerOutcomes implements CommitListener {
    private final CapabilityBreakers breakers;

    BreakerOutcomes(CapabilityBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public void committed(WorkflowDefinition definition, CommitRequest request, List<OutboxMessage> sent) {
        for (ExecutionEvent event : request.events()) {
            Outcome outcome = null;
            if (event instanceof ExecutionEvent.TaskDispatched e) {
                breakers.dispatched(e.agent(), e.deadline());
            } else if (event instanceof ExecutionEvent.TaskCompleted e) {
                outcome = new Outcome.Succeeded(dispatchedAt(request, e.stepId()));
            } else if (event instanceof ExecutionEvent.TaskFailed e) {
                outcome = new Outcome.Failed(dispatchedAt(request, e.stepId()), e.error().type(), e.error().retryable());
            } else if (event instanceof ExecutionEvent.TaskTimedOut e) {
                outcome = new Outcome.TimedOut(dispatchedAt(request, e.stepId()));
            }
            // A child workflow's end is recorded like a task's, but it says nothing about any capability.
            String capability = outcome == null ? null
                    : dev.weft.engine.Blueprint.of(definition, request.state()).definitionOf(event.stepId())
                            .agent(request.state().step(event.stepId()).inFallback());
            if (capability != null) {
                breakers.record(capability, outcome);
            }
        }
    }

    private static Instant dispatchedAt(CommitRequest request, String stepId) {
        StepState step = request.state().step(stepId);
        return step.attemptStartedAt() != null ? step.attemptStartedAt() : request.now();
    }
}
