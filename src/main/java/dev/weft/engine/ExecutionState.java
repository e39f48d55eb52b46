package dev.weft.engine;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An execution as its events so far have made it. Immutable: {@link EventApplier} returns a new
 * value per event, so replaying the same events always rebuilds an equal state.
 *
 * @param steps           by step instance key (ADR 0005): the top-level steps in definition order, then the
 *                        instances of foreach items and loop rounds in the order they were created
 * @param tasksDispatched attempts dispatched so far (the per-execution task limit counts these)
 * @param traceparent     W3C trace context the execution's tasks continue, or null
 * @param sequence        how many events have been applied (the sequence of the last one)
 * @param ignoredResults  how many results were recorded as ignored (their recording is bounded)
 * @param pause           while PAUSED: since when, why, and the timers that fell due meanwhile; else null
 * @param signals         signals kept for a later wait, signal ids seen, waits opened
 * @param parent          for a child execution (a workflow step's attempt, ADR 0009): its parent; else null
 * @param shadow          the execution runs, but nothing acts on its results (ADR 0015)
 */
public record ExecutionState(
        String executionId,
        String tenant,
        String workflow,
        int version,
        Map<String, Object> input,
        String requestId,
        ExecutionStatus status,
        Map<String, StepState> steps,
        int tasksDispatched,
        Object output,
        ErrorInfo error,
        Instant startedAt,
        Instant deadline,
        Instant endedAt,
        String traceparent,
        long sequence,
        int ignoredResults,
        Pause pause,
        Signals signals,
        ParentLink parent,
        boolean shadow) {

    /** Before {@code ExecutionStarted}: nothing is known yet. */
    public static final ExecutionState EMPTY = new ExecutionState(null, null, null, 0, Map.of(), null, null,
            Map.of(), 0, null, null, null, null, null, null, 0, 0, null, Signals.NONE, null, false);

    private static final Class<?> SEALED_STEPS = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

    public ExecutionState {
        // Every event builds a new state: copy the steps only when they do not come sealed
        // already from a previous state (they are never mutated after sealing).
        if (steps.getClass() != SEALED_STEPS) {
            steps = Collections.unmodifiableMap(new LinkedHashMap<>(steps));
        }
        signals = signals == null ? Signals.NONE : signals;
    }

    /** The same state with other signals: what receiving, consuming and opening waits change. */
    ExecutionState withSignals(Signals next) {
        return new ExecutionState(executionId, tenant, workflow, version, input, requestId, status, steps,
                tasksDispatched, output, error, startedAt, deadline, endedAt, traceparent, sequence, ignoredResults,
                pause, next, parent, shadow);
    }

    public boolean isStarted() {
        return status != null;
    }

    public boolean isTerminal() {
        return status != null && status.isTerminal();
    }

    /** How many parents lead to this execution: 0 for one started otherwise than by a workflow step. */
    public int depth() {
        return parent == null ? 0 : parent.depth();
    }

    public boolean isPaused() {
        return status == ExecutionStatus.PAUSED;
    }

    public StepState step(String stepId) {
        StepState step = steps.get(stepId);
        if (step == null) {
            throw new IllegalArgumentException("Expected step '" + stepId + "' in execution " + executionId);
        }
        return step;
    }

    /** Steps whose task is out with an agent: what max_parallel bounds (a sleeping step has none). */
    public long countRunningTasks() {
        long n = 0;
        for (StepState s : steps.values()) {
            if (s.status() == StepStatus.RUNNING && s.taskId() != null) {
                n++;
            }
        }
        return n;
    }

    public long countSteps(StepStatus status) {
        return steps.values().stream().filter(s -> s.status() == status).count();
    }

    ExecutionState withStep(StepState step, int dispatchedDelta) {
        Map<String, StepState> next = new LinkedHashMap<>(steps);
        next.put(step.stepId(), step);
        return new ExecutionState(executionId, tenant, workflow, version, input, requestId, status,
                Collections.unmodifiableMap(next),
                tasksDispatched + dispatchedDelta, output, error, startedAt, deadline, endedAt, traceparent, sequence,
                ignoredResults, pause, signals, parent, shadow);
    }

    /** The same state with new instances, PENDING, after the existing ones (a foreach's items, a loop's round). */
    ExecutionState withInstances(java.util.List<String> keys) {
        Map<String, StepState> next = new LinkedHashMap<>(steps);
        for (String key : keys) {
            if (next.putIfAbsent(key, StepState.pending(key)) != null) {
                throw new IllegalStateException("Expected a new step instance, but '" + key + "' exists already in "
                        + "execution " + executionId);
            }
        }
        return new ExecutionState(executionId, tenant, workflow, version, input, requestId, status,
                Collections.unmodifiableMap(next), tasksDispatched, output, error, startedAt, deadline, endedAt,
                traceparent, sequence, ignoredResults, pause, signals, parent, shadow);
    }

    ExecutionState ended(ExecutionStatus newStatus, Object result, ErrorInfo cause, Instant at) {
        Map<String, StepState> next = new LinkedHashMap<>(steps);
        next.replaceAll((id, s) -> s.status().isEnded() ? s : s.cancelled(at));
        return new ExecutionState(executionId, tenant, workflow, version, input, requestId, newStatus,
                Collections.unmodifiableMap(next),
                tasksDispatched, result, cause, startedAt, deadline, at, traceparent, sequence, ignoredResults, null,
                signals, parent, shadow);
    }

    /** Running again from {@code stepId}, which failed; what the end cancelled waits again. */
    ExecutionState reopened(String stepId, Instant newDeadline, Instant at) {
        Map<String, StepState> next = new LinkedHashMap<>(steps);
        next.replaceAll((id, s) -> id.equals(stepId) ? s.retried(at)
                : s.status() != StepStatus.CANCELLED ? s
                : ownsInstances(id) ? s.resumed(at) : s.reset());
        return new ExecutionState(executionId, tenant, workflow, version, input, requestId, ExecutionStatus.RUNNING,
                Collections.unmodifiableMap(next), tasksDispatched, null, null, startedAt, newDeadline, null,
                traceparent, sequence, ignoredResults, null, signals, parent, shadow);
    }

    /**
     * Whether instances run inside this one (a foreach that expanded its items, a loop that started
     * a round): reopened, it runs on with them rather than starting over, since ended instances
     * never change and their keys are taken.
     */
    private boolean ownsInstances(String instance) {
        for (String key : steps.keySet()) {
            if (TaskIds.isInside(key, instance)) {
                return true;
            }
        }
        return false;
    }

    ExecutionState withSequence(long newSequence) {
        return new ExecutionState(executionId, tenant, workflow, version, input, requestId, status, steps,
                tasksDispatched, output, error, startedAt, deadline, endedAt, traceparent, newSequence, ignoredResults,
                pause, signals, parent, shadow);
    }

    /** The same state with another count of ignored results: what ignoring a result may change. */
    ExecutionState withIgnoredResults(int count) {
        return new ExecutionState(executionId, tenant, workflow, version, input, requestId, status, steps,
                tasksDispatched, output, error, startedAt, deadline, endedAt, traceparent, sequence, count, pause, signals, parent, shadow);
    }

    ExecutionState withIgnoredResult() {
        return new ExecutionState(executionId, tenant, workflow, version, input, requestId, status, steps,
                tasksDispatched, output, error, startedAt, deadline, endedAt, traceparent, sequence, ignoredResults + 1,
                pause, signals, parent, shadow);
    }

    /** Paused: the steps stay as they are; nothing is dispatched until it is resumed. */
    ExecutionState paused(Pause newPause) {
        return new ExecutionState(executionId, tenant, workflow, version, input, requestId, ExecutionStatus.PAUSED,
                steps, tasksDispatched, output, error, startedAt, deadline, endedAt, traceparent, sequence,
                ignoredResults, newPause, signals, parent, shadow);
    }

    /** Running again, with the deadline moved by the pause; the deferred timers are the decider's to fire. */
    ExecutionState resumed(Instant newDeadline) {
        return new ExecutionState(executionId, tenant, workflow, version, input, requestId, ExecutionStatus.RUNNING,
                steps, tasksDispatched, output, error, startedAt, newDeadline, endedAt, traceparent, sequence,
                ignoredResults, null, signals, parent, shadow);
    }

    ExecutionState withDeferred(Pause.DeferredTimer timer) {
        return new ExecutionState(executionId, tenant, workflow, version, input, requestId, status, steps,
                tasksDispatched, output, error, startedAt, deadline, endedAt, traceparent, sequence, ignoredResults,
                pause.withDeferred(timer), signals, parent, shadow);
    }
}
