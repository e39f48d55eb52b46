package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import dev.weft.definition.ScopeOwner;
import dev.weft.definition.StepKind;
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
        rejectScoped(d, c.stepId());
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

    /**
     * A foreach or loop is not run again as a whole (its instances have ended, and ended instances
     * never change); a step inside one is run again only while its foreach or loop still runs.
     */
    private static void rejectScoped(DecisionBuilder d, String instance) {
        StepDefinition def = d.blueprint.definitionOf(instance);
        if (def.kind().ownsScope()) {
            throw new CommandRejectedException("Expected a step with a task or a built-in step, but '" + instance
                    + "' is a " + def.kind().keyword() + ", which is not run again as a whole; run again the "
                    + "failed step inside it while it still runs");
        }
        String owner = TaskIds.ownerOf(instance);
        if (owner != null && (d.state().isTerminal() || d.state().step(owner).status() != StepStatus.RUNNING)) {
            throw new CommandRejectedException("Expected the foreach or loop '" + owner + "' around step '" + instance
                    + "' to be running, but it is " + d.state().step(owner).status() + "; a step inside it is run "
                    + "again only while it runs");
        }
        if (owner != null && d.blueprint.definitionOf(owner).kind() instanceof ScopeOwner.Machine machine) {
            String state = (String) MachineVisits.visited(d.state().step(owner)).getLast();
            String current = ScopeRules.of(d, instance).instanceOf(state);
            if (!current.equals(instance)) {
                throw new CommandRejectedException("Expected the current visit of state machine '" + owner
                        + "' ('" + current + "'), but '" + instance + "' is an earlier one: the machine has moved on");
            }
        }
    }

    /** Steps skipped because of the retried one (directly or further down) wait for their dependencies again. */
    private static void resetBlockedBehind(DecisionBuilder d, String retried) {
        Scope scope = ScopeRules.of(d, retried);
        Set<String> undone = new HashSet<>(Set.of(retried));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (StepDefinition def : scope.steps()) {
                String instance = scope.instanceOf(def.id());
                StepState s = d.state().step(instance);
                if (s.status() == StepStatus.SKIPPED && s.blocksDependents() && !undone.contains(instance)
                        && def.dependsOn().stream().anyMatch(dep -> undone.contains(scope.instanceOf(dep)))) {
                    d.emit(new StepReset(instance, "its dependency is run again", d.now));
                    undone.add(instance);
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
