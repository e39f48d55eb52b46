package dev.weft.engine;

import dev.weft.engine.ExecutionEvent.*;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only place where state changes: one event in, the next state out. Applying the stored
 * events of an execution in order rebuilds exactly the state the engine had when it wrote them.
 */
public final class EventApplier {
    private EventApplier() {
    }

    /**
     * @param stepIds the definition's step ids in order; needed only for {@code ExecutionStarted}
     */
    public static ExecutionState apply(ExecutionState state, ExecutionEvent event, List<String> stepIds) {
        ExecutionState next = switch (event) {
            case ExecutionStarted e -> started(e, stepIds);
            case StepReady e -> state.withStep(state.step(e.stepId()).ready(e.attempt(), e.at()), 0);
            case TaskDispatched e -> state.withStep(
                    state.step(e.stepId()).dispatched(e.attempt(), e.taskId(), e.input(), e.deadline(), e.at()), 1);
            case TaskCompleted e -> state.withStep(
                    state.step(e.stepId()).completed(e.attempt(), e.taskId(), e.agentId(), e.output(), e.at()), 0);
            case TaskFailed e -> state.withStep(state.step(e.stepId()).attemptFailed(e.agentId(), e.error()), 0);
            case TaskTimedOut e -> state.withStep(state.step(e.stepId()).attemptFailed(null,
                    ErrorInfo.of("task_timeout", "attempt " + e.attempt() + " had no result by its deadline")), 0);
            case RetryScheduled e -> state.withStep(state.step(e.stepId()).retryWait(e.dueAt()), 0);
            case StepFailed e -> state.withStep(state.step(e.stepId()).failed(e.error(), e.at()), 0);
            case StepSkipped e -> state.withStep(
                    state.step(e.stepId()).skipped(e.reason(), e.blocksDependents(), e.at()), 0);
            case ResultIgnored e -> state.withIgnoredResult();
            case ExecutionCompleted e -> state.ended(ExecutionStatus.COMPLETED, e.output(), null, e.at());
            case ExecutionFailed e -> state.ended(ExecutionStatus.FAILED, null, e.error(), e.at());
            case ExecutionCancelled e -> state.ended(ExecutionStatus.CANCELLED, null,
                    ErrorInfo.of("cancelled", e.reason()), e.at());
            case ExecutionTimedOut e -> state.ended(ExecutionStatus.TIMED_OUT, null,
                    ErrorInfo.of("workflow_timeout", "the execution did not end by its deadline " + state.deadline()),
                    e.at());
        };
        return next.withSequence(state.sequence() + 1);
    }

    /** Replays a whole history from the empty state. */
    public static ExecutionState replay(List<ExecutionEvent> events, List<String> stepIds) {
        ExecutionState state = ExecutionState.EMPTY;
        for (ExecutionEvent event : events) {
            state = apply(state, event, stepIds);
        }
        return state;
    }

    private static ExecutionState started(ExecutionStarted e, List<String> stepIds) {
        Map<String, StepState> steps = new LinkedHashMap<>();
        stepIds.forEach(id -> steps.put(id, StepState.pending(id)));
        return new ExecutionState(e.executionId(), e.tenant(), e.workflow(), e.version(), e.input(), e.requestId(),
                ExecutionStatus.RUNNING, steps, 0, null, null, e.at(), e.deadline(), null, e.traceparent(), 0, 0);
    }
}
