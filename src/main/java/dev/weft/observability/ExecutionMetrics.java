package dev.weft.observability;

import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.ExecutionState;
import dev.weft.engine.StepState;
import dev.weft.runtime.CommitListener;
import dev.weft.store.CommitRequest;
import dev.weft.store.OutboxMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Executions and steps, counted from what each commit wrote: {@code weft.executions.started} and
 * {@code weft.executions.ended} (by workflow, and status after the commit; both also by {@code shadow},
 * true for an execution the rollout flag runs in shadow, ADR 0015) and the
 * {@code weft.step.duration} histogram (by workflow and outcome). A step's duration is taken from
 * the engine's instants in its state (first start to end), never from the clock at commit, so a
 * slow commit does not stretch it. Counted on the replica that committed them.
 */
public final class ExecutionMetrics implements CommitListener {
    private final MeterRegistry registry;
    /**
     * The meters, built once per tag set: this runs on the commit path, where building a meter
     * per event (tags sorted, the registry's lookup) cost a few per cent of the throughput.
     */
    private final Map<String, Counter> startedByWorkflow = new ConcurrentHashMap<>();
    private final Map<String, Counter> endedByWorkflowAndStatus = new ConcurrentHashMap<>();
    private final Map<String, Timer> stepDurations = new ConcurrentHashMap<>();

    public ExecutionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void committed(WorkflowDefinition definition, CommitRequest request, List<OutboxMessage> sent) {
        String workflow = definition.name();
        ExecutionState state = request.state();
        Set<String> timed = null;
        for (ExecutionEvent event : request.events()) {
            switch (EventKind.of(event)) {
                case STARTED -> started(workflow, state.shadow()).increment();
                case ENDED -> ended(workflow, state.status().name(), state.shadow()).increment();
                case STEP, RESULT -> {
                    // A step ended here when its end is this event's instant (a late result
                    // recorded for a step that ended before does not count it again).
                    StepState step = state.steps().get(event.stepId());
                    if (step != null && event.at().equals(step.endedAt())) {
                        if (timed == null) {
                            timed = new HashSet<>(4);
                        }
                        if (timed.add(step.stepId())) {
                            recordStep(workflow, step);
                        }
                    }
                }
                case DISPATCHED, OTHER -> { }
            }
        }
    }

    private void recordStep(String workflow, StepState step) {
        String outcome = switch (step.status()) {
            case COMPLETED -> "completed";
            case FAILED -> "failed";
            case SKIPPED -> "skipped";
            case CANCELLED -> "cancelled";
            case PENDING, READY, HELD, RUNNING, RETRY_WAIT -> null;
        };
        Instant from = step.startedAt() != null ? step.startedAt() : step.readyAt();
        if (outcome == null || from == null) {
            return; // not ended, or ended without ever being ready (skipped by a dead path): no duration
        }
        stepDurations.computeIfAbsent(workflow + '\u0000' + outcome, k -> Timer.builder("weft.step.duration")
                        .description("from a step's first start (or readiness, for steps without a task) to its end")
                        .tag("workflow", workflow)
                        .tag("outcome", outcome)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofHours(1))
                        .register(registry))
                .record(Duration.between(from, step.endedAt()));
    }

    private Counter started(String workflow, boolean shadow) {
        return startedByWorkflow.computeIfAbsent(workflow + '\u0000' + shadow,
                k -> Counter.builder("weft.executions.started").description("executions started")
                        .tag("workflow", workflow).tag("shadow", String.valueOf(shadow)).register(registry));
    }

    private Counter ended(String workflow, String status, boolean shadow) {
        return endedByWorkflowAndStatus.computeIfAbsent(workflow + '\u0000' + status + '\u0000' + shadow,
                k -> Counter.builder("weft.executions.ended").description("executions ended, by their final status")
                        .tag("workflow", workflow).tag("status", status).tag("shadow", String.valueOf(shadow))
                        .register(registry));
    }
}
