package dev.weft.runtime;

import dev.weft.engine.Effect;
import dev.weft.engine.ExecutionState;
import dev.weft.store.DeadLetter;
import dev.weft.store.DeadLetterResolution;
import dev.weft.store.Json;
import dev.weft.store.OutboxMessage;
import dev.weft.store.TimerRow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one place where the engine's effects get their meaning for the store: a dispatched task
 * becomes its task message, kept in its step row (ADR 0016), a workflow to start an outbox row handled
 * inside the engine, a timer a timer row, a cancellation a deletion, a step that failed for good a
 * dead letter. An execution that ends keeps no timer, not even one started by the same decision.
 */
public final class EffectPlanner {
    private final TaskMessages tasks;

    public EffectPlanner(TaskMessages tasks) {
        this.tasks = tasks;
    }

    /**
     * @param consumedTimers timers whose firing this batch handled: they go with the commit
     * @param traceparent    the trace the tasks continue, or null
     */
    EffectPlan plan(ExecutionState state, List<Effect> effects, List<String> consumedTimers, String traceparent,
                    Instant now) {
        List<OutboxMessage> outbox = new ArrayList<>();
        List<TimerRow> start = new ArrayList<>();
        List<String> cancel = new ArrayList<>(consumedTimers);
        List<DeadLetter> deadLetters = new ArrayList<>();
        List<DeadLetterResolution> resolutions = new ArrayList<>();
        boolean clear = false;
        for (Effect effect : effects) {
            switch (effect) {
                case Effect.DispatchTask t -> outbox.add(tasks.of(state.executionId(), state.tenant(), traceparent,
                        state.shadow(), t));
                case Effect.StartTimer t -> start.add(new TimerRow(t.timerId(), state.executionId(), t.kind(),
                        t.stepId(), t.attempt(), t.dueAt()));
                case Effect.CancelTimer t -> {
                    // Started earlier in the same batch (a pause right after a resume): it must not survive.
                    start.removeIf(row -> row.id().equals(t.timerId()));
                    cancel.add(t.timerId());
                }
                case Effect.CancelAllTimers t -> clear = true;
                case Effect.RecordDeadLetter f -> deadLetters.add(deadLetter(state, f, now));
                case Effect.ResolveDeadLetter r -> resolutions.add(new DeadLetterResolution(r.deadLetterId(),
                        r.resolution().name(), r.note()));
                case Effect.StartWorkflow w -> outbox.add(local(state, w.requestId(), LocalAddresses.START_WORKFLOW,
                        new WorkflowStartMessage(state.tenant(), w.workflow(), w.input(), w.requestId(),
                                state.executionId(), w.version(), w.parent(), state.shadow()), now));
                case Effect.ReportToParent r -> outbox.add(local(state, r.parent().taskId(),
                        LocalAddresses.PARENT_RESULT, new ChildEndMessage(r.parent().executionId(),
                                r.parent().taskId(), r.childExecutionId(), r.succeeded(), r.output(), r.error()), now));
                case Effect.CancelChild c -> outbox.add(local(state, c.childExecutionId(),
                        LocalAddresses.CANCEL_EXECUTION, new CancelExecutionMessage(c.childExecutionId(), c.reason(),
                                "execution " + state.executionId()), now));
            }
        }
        if (clear) {
            start.clear();
            cancel.clear();
        }
        return new EffectPlan(outbox, start, cancel, clear, deadLetters, resolutions);
    }

    /** A row the engine carries out itself ({@link LocalAddresses}); its task id column says what it concerns. */
    private static OutboxMessage local(ExecutionState state, String concerns, String address, Object message,
                                       Instant now) {
        return new OutboxMessage(0, state.executionId(), concerns, address, Json.write(message), now, null,
                OutboxMessage.Kept.OUTBOX_ROW);
    }

    private static DeadLetter deadLetter(ExecutionState state, Effect.RecordDeadLetter f, Instant now) {
        String body = Json.write(Map.of("input", f.input() == null ? Map.of() : f.input()));
        return new DeadLetter(now, "task", "step '" + f.stepId() + "' failed for good: " + f.error().type() + ": "
                + f.error().message(), Map.of(), body, body.getBytes(StandardCharsets.UTF_8).length, state.tenant(),
                state.executionId(), f.stepId(), f.attempt(), f.taskId());
    }
}
