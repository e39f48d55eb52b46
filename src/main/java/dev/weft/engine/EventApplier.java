package dev.weft.engine;

import dev.weft.definition.ScopeOwner;
import dev.weft.engine.ExecutionEvent.*;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only place where state changes: one event in, the next state out. Applying the stored
 * events of an execution in order rebuilds exactly the state the engine had when it wrote them.
 * Every change of a step is checked against {@link StepTransitionTable}.
 */
public final class EventApplier {
    private EventApplier() {
    }

    /** For a plain DAG: only the top-level step ids are needed. */
    public static ExecutionState apply(ExecutionState state, ExecutionEvent event, List<String> stepIds) {
        return apply(state, event, Blueprint.ofSteps(stepIds));
    }

    /**
     * @param blueprint the definition's steps: the top-level ones for {@code ExecutionStarted}, the
     *                  bodies for the events that create instances
     * @throws IllegalStateException when the event moves a step in a way the table does not allow
     */
    public static ExecutionState apply(ExecutionState state, ExecutionEvent event, Blueprint blueprint) {
        ExecutionState next = switch (event) {
            case ExecutionStarted e -> started(e, blueprint.topLevelIds());
            case StepReady e -> step(state, e, state.step(e.stepId()).ready(e.at()), 0);
            case TaskHeld e -> step(state, e, state.step(e.stepId()).held(e.reason()), 0);
            // A child is no agent task: it does not count toward max_tasks (its own tasks count in it).
            case ChildStarted e -> step(state, e,
                    state.step(e.stepId()).dispatched(e.attempt(), e.taskId(), e.input(), e.deadline(), e.at()), 0);
            case TaskReleased e -> step(state, e, state.step(e.stepId()).ready(e.at()), 0);
            case TaskDispatched e -> step(state, e, readyBefore(state.step(e.stepId()), e.at())
                    .dispatched(e.attempt(), e.taskId(), e.input(), e.deadline(), e.at()), 1);
            case TaskStarted e -> step(state, e, state.step(e.stepId()).startedBy(e.agentId(), e.at()), 0);
            case TaskCompleted e -> step(state, e,
                    state.step(e.stepId()).completed(e.attempt(), e.taskId(), e.agentId(), e.output(), e.at()), 0);
            case TaskFailed e -> step(state, e, state.step(e.stepId()).attemptFailed(e.agentId(), e.error()), 0);
            case TaskTimedOut e -> step(state, e, state.step(e.stepId()).attemptFailed(null, e.isQueueTimeout()
                    ? ErrorInfo.of("queue_timeout", "no agent started attempt " + e.attempt()
                            + " before its queue timeout")
                    : ErrorInfo.of("task_timeout", "attempt " + e.attempt() + " had no result by its deadline")), 0);
            case RetryScheduled e -> step(state, e, state.step(e.stepId()).retryWait(e.dueAt()), 0);
            case StepFailed e -> step(state, e, state.step(e.stepId()).failed(e.error(), e.at()), 0);
            case StepSkipped e -> step(state, e,
                    state.step(e.stepId()).skipped(e.reason(), e.blocksDependents(), e.branch(), e.at()), 0);
            case StepEvaluated e -> step(state, e, state.step(e.stepId()).evaluated(e.output(), e.at()), 0);
            case SleepStarted e -> step(state, e, state.step(e.stepId()).sleeping(e.until(), e.at()), 0);
            case ItemsExpanded e -> expanded(state, e, blueprint);
            case RoundStarted e -> roundStarted(state, e, blueprint);
            case RoundEnded e -> state;
            case StateEntered e -> stateEntered(state, e, blueprint);
            case TasksPlanned e -> planned(state, e, blueprint);
            case WaitStarted e -> step(state, e, state.step(e.stepId()).waiting(e.attempt(), Waits.describe(e),
                    e.timeoutAt(), e.at()), 0).withSignals(state.signals().withOpened());
            case SignalReceived e -> state.withSignals(state.signals().withReceived(new Signals.Received(
                    state.sequence() + 1, e.signalId(), e.event(), e.correlation(), e.payload(), e.at())));
            case WaitCompleted e -> step(state, e, state.step(e.stepId()).evaluated(e.output(), e.at()), 0)
                    .withSignals(state.signals().consumed(e.signal()));
            case WaitTimedOut e -> step(state, e, state.step(e.stepId()).attemptFailed(null, Waits.timeoutError(e)), 0);
            case ApprovalRequested e -> step(state, e, state.step(e.stepId()).waiting(e.attempt(),
                    Approvals.describe(e), e.timeoutAt(), e.at()), 0).withSignals(state.signals().withOpened());
            case ApprovalDecided e -> step(state, e, e.approved()
                    ? state.step(e.stepId()).evaluated(Approvals.output(e), e.at())
                    : state.step(e.stepId()).attemptFailed(null, Approvals.rejection(e)), 0);
            case StepRetried e -> step(state, e, state.step(e.stepId()).retried(e.at()), 0);
            case StepReset e -> step(state, e, state.step(e.stepId()).reset(), 0);
            case FallbackStarted e -> step(state, e, state.step(e.stepId()).fallingBack(e.error(), e.at()), 0);
            case ResultIgnored e -> state.withIgnoredResult();
            case DeadLetterDiscarded e -> state;
            case EscalationRaised e -> state;
            case WorkflowChained e -> state;
            case ExecutionPaused e -> running(state, e).paused(new Pause(e.at(), e.reason(), e.requestedBy(),
                    List.of()));
            case TimerDeferred e -> paused(state, e).withDeferred(new Pause.DeferredTimer(e.kind(), e.stepId(),
                    e.attempt()));
            case ExecutionResumed e -> paused(state, e).resumed(e.deadline());
            case ExecutionReopened e -> checked(state, e, state.reopened(e.stepId(), e.deadline(), e.at()));
            case ExecutionCompleted e -> checked(state, e, state.ended(ExecutionStatus.COMPLETED, e.output(), null,
                    e.at()));
            case ExecutionFailed e -> checked(state, e, state.ended(ExecutionStatus.FAILED, null, e.error(), e.at()));
            case ExecutionCancelled e -> checked(state, e, state.ended(ExecutionStatus.CANCELLED, null,
                    ErrorInfo.of("cancelled", e.reason()), e.at()));
            case ExecutionTimedOut e -> checked(state, e, state.ended(ExecutionStatus.TIMED_OUT, null,
                    ErrorInfo.of("workflow_timeout", "the execution did not end by its deadline " + state.deadline()),
                    e.at()));
        };
        return next.withSequence(state.sequence() + 1);
    }

    /** Replays a whole history of a plain DAG from the empty state. */
    public static ExecutionState replay(List<ExecutionEvent> events, List<String> stepIds) {
        return replay(events, Blueprint.ofSteps(stepIds));
    }

    /** Replays a whole history from the empty state. */
    public static ExecutionState replay(List<ExecutionEvent> events, Blueprint blueprint) {
        ExecutionState state = ExecutionState.EMPTY;
        for (ExecutionEvent event : events) {
            state = apply(state, event, blueprint);
        }
        return state;
    }

    /**
     * A dispatch of a step still PENDING or waiting for its retry: it became ready at the same
     * instant, in the same decision, which stored no StepReady for it (ADR 0012).
     */
    private static StepState readyBefore(StepState step, java.time.Instant at) {
        return step.status() == StepStatus.PENDING || step.status() == StepStatus.RETRY_WAIT ? step.ready(at) : step;
    }

    /** The foreach runs, and every item's instances exist from now on, PENDING (its window decides when they start). */
    private static ExecutionState expanded(ExecutionState state, ItemsExpanded e, Blueprint blueprint) {
        if (!(blueprint.definitionOf(e.stepId()).kind() instanceof dev.weft.definition.ScopeOwner.Foreach each)) {
            throw new IllegalStateException("Expected a foreach step for ItemsExpanded, but '" + e.stepId()
                    + "' is not one");
        }
        ExecutionState next = step(state, e, state.step(e.stepId()).expanded(e.items(), e.at()), 0);
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < e.items().size(); i++) {
            keys.addAll(blueprint.itemInstances(e.stepId(), each, i));
        }
        return next.withInstances(keys);
    }

    private static ExecutionState roundStarted(ExecutionState state, RoundStarted e, Blueprint blueprint) {
        if (!(blueprint.definitionOf(e.stepId()).kind() instanceof dev.weft.definition.ScopeOwner.Loop loop)) {
            throw new IllegalStateException("Expected a loop step for RoundStarted, but '" + e.stepId()
                    + "' is not one");
        }
        StepState owner = state.step(e.stepId());
        if (e.round() != owner.attempt() + 1) {
            throw new IllegalStateException("Expected round " + (owner.attempt() + 1) + " of loop '" + e.stepId()
                    + "', but got round " + e.round());
        }
        return step(state, e, owner.roundStarted(e.round(), e.at()), 0)
                .withInstances(blueprint.roundInstances(e.stepId(), loop, e.round()));
    }

    /** The dynamic step runs, and each task's instance exists from now on, PENDING (its depends_on decides when it starts). */
    private static ExecutionState planned(ExecutionState state, TasksPlanned e, Blueprint blueprint) {
        if (!(blueprint.definitionOf(e.stepId()).kind() instanceof dev.weft.definition.ScopeOwner.Dynamic)) {
            throw new IllegalStateException("Expected a dynamic step for TasksPlanned, but '" + e.stepId()
                    + "' is not one");
        }
        ExecutionState next = step(state, e, state.step(e.stepId()).expanded(new java.util.ArrayList<>(e.tasks()),
                e.at()), 0);
        return next.withInstances(e.tasks().stream().map(t -> TaskIds.inScope(e.stepId(), (String) t.get("id")))
                .toList());
    }

    /** The machine runs on in the state entered, whose visit exists from now on, PENDING (it has no dependencies). */
    private static ExecutionState stateEntered(ExecutionState state, StateEntered e, Blueprint blueprint) {
        if (!(blueprint.definitionOf(e.stepId()).kind() instanceof dev.weft.definition.ScopeOwner.Machine machine)
                || machine.state(e.state()) == null) {
            throw new IllegalStateException("Expected a state machine with state '" + e.state() + "' for StateEntered, "
                    + "but '" + e.stepId() + "' is not one");
        }
        StepState owner = state.step(e.stepId());
        List<Object> visited = new java.util.ArrayList<>(MachineVisits.visited(owner));
        int expected = 1 + (int) visited.stream().filter(e.state()::equals).count();
        if (e.visit() != expected) {
            throw new IllegalStateException("Expected visit " + expected + " of state '" + e.state() + "' in '"
                    + e.stepId() + "', but got visit " + e.visit());
        }
        visited.add(e.state());
        return step(state, e, owner.stateEntered(visited, e.at()), 0)
                .withInstances(List.of(TaskIds.visit(e.stepId(), e.state(), e.visit())));
    }

    private static ExecutionState step(ExecutionState state, ExecutionEvent event, StepState next, int dispatched) {
        StepTransitionTable.check(next.stepId(), state.step(next.stepId()).status(), event, next.status());
        return state.withStep(next, dispatched);
    }

    /** An execution-level event may move many steps: each change must be in the table. */
    private static ExecutionState checked(ExecutionState before, ExecutionEvent event, ExecutionState after) {
        for (Map.Entry<String, StepState> e : after.steps().entrySet()) {
            StepStatus from = before.step(e.getKey()).status();
            if (from != e.getValue().status()) {
                StepTransitionTable.check(e.getKey(), from, event, e.getValue().status());
            }
        }
        return after;
    }

    /** Only a running execution pauses: a history that says otherwise is corrupt, not replayable. */
    private static ExecutionState running(ExecutionState state, ExecutionEvent event) {
        if (state.status() != ExecutionStatus.RUNNING) {
            throw new IllegalStateException("Expected a RUNNING execution for " + event.getClass().getSimpleName()
                    + ", but it is " + state.status());
        }
        return state;
    }

    private static ExecutionState paused(ExecutionState state, ExecutionEvent event) {
        if (state.status() != ExecutionStatus.PAUSED) {
            throw new IllegalStateException("Expected a PAUSED execution for " + event.getClass().getSimpleName()
                    + ", but it is " + state.status());
        }
        return state;
    }

    private static ExecutionState started(ExecutionStarted e, List<String> stepIds) {
        Map<String, StepState> steps = new LinkedHashMap<>();
        stepIds.forEach(id -> steps.put(id, StepState.pending(id)));
        return new ExecutionState(e.executionId(), e.tenant(), e.workflow(), e.version(), e.input(), e.requestId(),
                ExecutionStatus.RUNNING, steps, 0, null, null, e.at(), e.deadline(), null, e.traceparent(), 0, 0,
                null, Signals.NONE, e.parent(), e.shadow());
    }
}
