package dev.weft.engine;

import static dev.weft.engine.StepStatus.*;

import dev.weft.engine.ExecutionEvent.*;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The step state machine as a table of (from, event, to) triples, Temporal-style. The applier
 * checks every change of every step against it, so an engine rule that moves a step another way
 * fails loudly instead of corrupting a history; the tests also prove that every row is exercised.
 * An event that concerns a step but leaves its status as it was is listed too (e.g. a failed
 * attempt before the decision on what follows it).
 */
public final class StepTransitionTable {

    public record Transition(StepStatus from, Class<? extends ExecutionEvent> event, StepStatus to) {
        @Override
        public String toString() {
            return from + " --" + event.getSimpleName() + "--> " + to;
        }
    }

    private static final List<StepStatus> OPEN = List.of(PENDING, READY, HELD, RUNNING, RETRY_WAIT);

    /** Every transition a step may make. */
    public static final Set<Transition> ALLOWED = build();

    private StepTransitionTable() {
    }

    private static Set<Transition> build() {
        Set<Transition> t = new LinkedHashSet<>();
        t.add(new Transition(PENDING, StepReady.class, READY));          // dependencies ended
        t.add(new Transition(RETRY_WAIT, StepReady.class, READY));       // backoff ran out
        t.add(new Transition(HELD, TaskReleased.class, READY));          // the circuit half-opened or closed
        t.add(new Transition(READY, TaskHeld.class, HELD));              // its capability's circuit is open
        t.add(new Transition(READY, TaskDispatched.class, RUNNING));
        t.add(new Transition(PENDING, TaskDispatched.class, RUNNING));     // ready and dispatched at once (ADR 0012)
        t.add(new Transition(RETRY_WAIT, TaskDispatched.class, RUNNING));  // ... when its backoff ran out
        t.add(new Transition(READY, ChildStarted.class, RUNNING));       // a workflow step's child runs
        t.add(new Transition(RUNNING, TaskStarted.class, RUNNING));      // an agent took the task
        t.add(new Transition(RUNNING, TaskCompleted.class, COMPLETED));
        t.add(new Transition(RETRY_WAIT, TaskCompleted.class, COMPLETED)); // late success during backoff
        t.add(new Transition(READY, TaskCompleted.class, COMPLETED));      // late success while waiting for a slot
        t.add(new Transition(HELD, TaskCompleted.class, COMPLETED));       // late success while held
        t.add(new Transition(RUNNING, TaskFailed.class, RUNNING));         // the decision follows at once
        t.add(new Transition(RUNNING, TaskTimedOut.class, RUNNING));
        t.add(new Transition(RUNNING, RetryScheduled.class, RETRY_WAIT));
        t.add(new Transition(RUNNING, StepFailed.class, FAILED));          // retries spent, on_error fail/continue
        t.add(new Transition(READY, StepFailed.class, FAILED));            // input expression error, circuit open (fail)
        t.add(new Transition(RUNNING, StepSkipped.class, SKIPPED));        // retries spent, on_error skip
        t.add(new Transition(READY, StepSkipped.class, SKIPPED));          // the same, with on_error skip
        t.add(new Transition(PENDING, StepSkipped.class, SKIPPED));        // behind a failed dependency; when false; dead path
        t.add(new Transition(HELD, StepSkipped.class, SKIPPED));           // a join's cancel_others
        t.add(new Transition(RETRY_WAIT, StepSkipped.class, SKIPPED));     // a join's cancel_others
        t.add(new Transition(PENDING, StepFailed.class, FAILED));          // its when condition cannot be evaluated
        t.add(new Transition(READY, StepEvaluated.class, COMPLETED));      // a built-in step decided
        t.add(new Transition(READY, SleepStarted.class, RUNNING));         // a sleep step waits on its timer
        t.add(new Transition(RUNNING, StepEvaluated.class, COMPLETED));    // ... which fired; a foreach or loop ended
        t.add(new Transition(READY, ItemsExpanded.class, RUNNING));        // a foreach runs its items
        t.add(new Transition(READY, RoundStarted.class, RUNNING));         // a loop runs its first round
        t.add(new Transition(RUNNING, RoundStarted.class, RUNNING));       // ... and the next ones
        t.add(new Transition(READY, TasksPlanned.class, RUNNING));         // a dynamic step runs its planned tasks
        t.add(new Transition(READY, StateEntered.class, RUNNING));         // a state machine enters its initial state
        t.add(new Transition(RUNNING, StateEntered.class, RUNNING));       // ... and the next ones
        t.add(new Transition(READY, WaitStarted.class, RUNNING));          // a wait step waits for an event
        t.add(new Transition(RUNNING, WaitCompleted.class, COMPLETED));    // ... which arrived
        t.add(new Transition(READY, ApprovalRequested.class, RUNNING));    // an approval step waits for a decision
        t.add(new Transition(RUNNING, ApprovalDecided.class, COMPLETED));  // ... approved
        t.add(new Transition(RUNNING, ApprovalDecided.class, RUNNING));    // ... rejected: its failure follows at once
        t.add(new Transition(RUNNING, WaitTimedOut.class, RUNNING));       // the wait's timeout: retry or failure follows
        t.add(new Transition(FAILED, StepRetried.class, READY));           // an operator replays it
        t.add(new Transition(RETRY_WAIT, StepRetried.class, READY));       // an operator does not wait for the backoff
        t.add(new Transition(SKIPPED, StepReset.class, PENDING));          // its blocker is retried
        t.add(new Transition(RUNNING, FallbackStarted.class, READY));      // failed for good: its fallback runs
        t.add(new Transition(READY, FallbackStarted.class, READY));        // ... also after an input error or an open circuit
        t.add(new Transition(FAILED, ExecutionReopened.class, READY));     // the failed step of a reopened execution
        t.add(new Transition(CANCELLED, ExecutionReopened.class, PENDING)); // what the failure cancelled waits again
        t.add(new Transition(CANCELLED, ExecutionReopened.class, RUNNING)); // ... a foreach or loop runs on with its instances
        for (var end : List.of(ExecutionFailed.class, ExecutionCancelled.class, ExecutionTimedOut.class)) {
            for (StepStatus open : OPEN) {
                t.add(new Transition(open, end, CANCELLED));
            }
        }
        return Set.copyOf(t);
    }

    /** Events that record something without moving any step: not transitions. */
    public static boolean movesNoStep(ExecutionEvent event) {
        return switch (event) {
            case ResultIgnored e -> true;
            case EscalationRaised e -> true;
            case WorkflowChained e -> true;
            case DeadLetterDiscarded e -> true;
            case ExecutionPaused e -> true;     // the steps stay as they are; only dispatching stops
            case TimerDeferred e -> true;       // the timer fires on resume, and its events move steps then
            case ExecutionResumed e -> true;
            case RoundEnded e -> true;          // the loop stays RUNNING until StepEvaluated or RoundStarted
            case SignalReceived e -> true;      // kept in the inbox; a WaitCompleted moves the step that consumes it
            case WaitStarted e -> false;
            case WaitCompleted e -> false;
            case WaitTimedOut e -> false;
            case ApprovalRequested e -> false;
            case ApprovalDecided e -> false;
            case ExecutionStarted e -> false;
            case StepReady e -> false;
            case TaskHeld e -> false;
            case TaskReleased e -> false;
            case TaskDispatched e -> false;
            case ChildStarted e -> false;
            case TaskStarted e -> false;
            case TaskCompleted e -> false;
            case TaskFailed e -> false;
            case TaskTimedOut e -> false;
            case RetryScheduled e -> false;
            case StepFailed e -> false;
            case StepSkipped e -> false;
            case StepEvaluated e -> false;
            case SleepStarted e -> false;
            case ItemsExpanded e -> false;
            case RoundStarted e -> false;
            case StateEntered e -> false;
            case TasksPlanned e -> false;
            case StepRetried e -> false;
            case StepReset e -> false;
            case FallbackStarted e -> false;
            case ExecutionReopened e -> false;
            case ExecutionCompleted e -> false;
            case ExecutionFailed e -> false;
            case ExecutionCancelled e -> false;
            case ExecutionTimedOut e -> false;
        };
    }

    /** @throws IllegalStateException when the change is not in the table */
    static void check(String stepId, StepStatus from, ExecutionEvent event, StepStatus to) {
        if (!ALLOWED.contains(new Transition(from, event.getClass(), to))) {
            throw new IllegalStateException("Expected a transition of the step table, but step '" + stepId
                    + "' would go " + from + " --" + event.getClass().getSimpleName() + "--> " + to);
        }
    }
}
