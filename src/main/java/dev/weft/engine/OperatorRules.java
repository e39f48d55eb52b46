package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import dev.weft.engine.Command.DiscardDeadLetter;
import dev.weft.engine.Command.RetryStep;
import dev.weft.engine.ExecutionEvent.*;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * What an operator may do to a failure: run a failed step again (replaying its dead letter), or
 * set a dead letter aside. A failed execution reopens from its failed step; a running one retries
 * the step and lets the steps skipped behind it wait again. Completed, cancelled and timed-out
 * executions are never reopened: their outcome stands.
 */
final class OperatorRules {

    void retry(DecisionBuilder d, RetryStep c) {
        ExecutionState state = d.state();
        StepState step = state.steps().get(c.stepId());
        if (step == null) {
            throw new CommandRejectedException("Expected a step of workflow '" + state.workflow() + "', but got '"
                    + c.stepId() + "'");
        }
        String reason = c.reason() == null || c.reason().isBlank() ? "run again by an operator" : c.reason();
        if (state.isTerminal()) {
            if (state.status() != ExecutionStatus.FAILED || step.status() != StepStatus.FAILED) {
                throw new CommandRejectedException("Expected a failed execution whose step '" + c.stepId()
                        + "' failed, but the execution is " + state.status() + " and the step " + step.status()
                        + "; only a failed execution is reopened");
            }
            Instant deadline = d.now.plus(d.definition.limits().timeout());
            d.emit(new ExecutionReopened(c.stepId(), c.deadLetterId(), reason, deadline, d.now));
            d.effect(new Effect.StartTimer(TaskIds.timerId(state.executionId(), TimerKind.WORKFLOW_DEADLINE, null, 0),
                    TimerKind.WORKFLOW_DEADLINE, null, 0, deadline));
        } else {
            switch (step.status()) {
                case FAILED -> {
                    d.emit(new StepRetried(c.stepId(), c.deadLetterId(), reason, d.now));
                    resetBlockedBehind(d, c.stepId());
                }
                case RETRY_WAIT -> {
                    d.emit(new StepRetried(c.stepId(), c.deadLetterId(), reason, d.now));
                    d.effect(new Effect.CancelTimer(TaskIds.timerId(state.executionId(), TimerKind.RETRY_BACKOFF,
                            c.stepId(), step.attempt() + 1)));
                }
                case PENDING, READY, HELD, RUNNING, COMPLETED, SKIPPED, CANCELLED ->
                        throw new CommandRejectedException("Expected step '" + c.stepId()
                                + "' to have failed or to wait for a retry, but it is " + step.status());
            }
        }
        if (c.deadLetterId() != null) {
            d.effect(new Effect.ResolveDeadLetter(c.deadLetterId(), Effect.Resolution.REPLAYED, reason));
        }
    }

    /** Steps skipped because of the retried one (directly or further down) wait for their dependencies again. */
    private static void resetBlockedBehind(DecisionBuilder d, String retried) {
        Set<String> undone = new HashSet<>(Set.of(retried));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (StepDefinition def : d.definition.steps()) {
                StepState s = d.state().step(def.id());
                if (s.status() == StepStatus.SKIPPED && s.blocksDependents() && !undone.contains(def.id())
                        && def.dependsOn().stream().anyMatch(undone::contains)) {
                    d.emit(new StepReset(def.id(), "its dependency is run again", d.now));
                    undone.add(def.id());
                    changed = true;
                }
            }
        }
    }

    void discard(DecisionBuilder d, DiscardDeadLetter c) {
        String reason = c.reason() == null || c.reason().isBlank() ? "discarded by an operator" : c.reason();
        d.emit(new DeadLetterDiscarded(c.deadLetterId(), reason, d.now));
        d.effect(new Effect.ResolveDeadLetter(c.deadLetterId(), Effect.Resolution.DISCARDED, reason));
    }
}
