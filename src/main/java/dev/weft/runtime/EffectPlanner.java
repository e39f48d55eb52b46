package dev.weft.runtime;

import dev.weft.engine.Effect;
import dev.weft.engine.ExecutionState;
import dev.weft.messaging.TaskHeaders;
import dev.weft.messaging.TaskMessage;
import dev.weft.store.Json;
import dev.weft.store.OutboxMessage;
import dev.weft.store.TimerRow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The one place where the engine's effects get their meaning for the store: a dispatched task
 * becomes an outbox row carrying its task message, a timer becomes a timer row, a cancellation a
 * deletion. An execution that ends keeps no timer, not even one started by the same decision.
 */
public final class EffectPlanner {
    private final Function<String, String> taskAddress;

    /** @param taskAddress the broker address of a capability's tasks */
    public EffectPlanner(Function<String, String> taskAddress) {
        this.taskAddress = taskAddress;
    }

    /**
     * @param consumedTimers timers whose firing this batch handled: they go with the commit
     * @param traceparent    the trace the tasks continue, or null
     */
    EffectPlan plan(ExecutionState state, List<Effect> effects, List<String> consumedTimers, String traceparent) {
        List<OutboxMessage> outbox = new ArrayList<>();
        List<TimerRow> start = new ArrayList<>();
        List<String> cancel = new ArrayList<>(consumedTimers);
        boolean clear = false;
        for (Effect effect : effects) {
            switch (effect) {
                case Effect.DispatchTask t -> outbox.add(outboxRow(state, t, traceparent));
                case Effect.StartTimer t -> start.add(new TimerRow(t.timerId(), state.executionId(), t.kind(),
                        t.stepId(), t.attempt(), t.dueAt()));
                case Effect.CancelTimer t -> cancel.add(t.timerId());
                case Effect.CancelAllTimers t -> clear = true;
            }
        }
        if (clear) {
            start.clear();
            cancel.clear();
        }
        return new EffectPlan(outbox, start, cancel, clear);
    }

    private OutboxMessage outboxRow(ExecutionState state, Effect.DispatchTask t, String traceparent) {
        TaskMessage m = new TaskMessage(t.taskId(), state.executionId(), t.stepId(), t.attempt(), t.agent(),
                state.tenant(), t.idempotencyKey(), t.deadline(), t.input(), traceparent);
        return new OutboxMessage(0, state.executionId(), t.taskId(), taskAddress.apply(t.agent()), Json.write(m),
                t.readyAt(), TaskHeaders.of(m));
    }
}
