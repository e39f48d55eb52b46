package dev.weft.runtime;

import dev.weft.engine.Effect;
import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.TaskIds;
import dev.weft.messaging.TaskHeaders;
import dev.weft.messaging.TaskMessage;
import dev.weft.store.Json;
import dev.weft.store.OutboxMessage;
import dev.weft.store.UnsentDispatch;
import java.util.function.Function;

/**
 * The task message of a dispatched attempt, built in one place: when the decision dispatches it,
 * and again from its stored {@code TaskDispatched} event when a sweep must resend it (ADR 0016),
 * so a resend is the same message (task id, idempotency key, deadlines, input, trace).
 */
public final class TaskMessages {
    private final Function<String, String> taskAddress;

    /** @param taskAddress the broker address of a capability's tasks */
    public TaskMessages(Function<String, String> taskAddress) {
        this.taskAddress = taskAddress;
    }

    /**
     * @param traceparent the trace the task continues, or null
     * @param shadow      a task of a shadow execution (ADR 0015): its agent must cause no side effect
     */
    public OutboxMessage of(String executionId, String tenant, String traceparent, boolean shadow,
                            Effect.DispatchTask t) {
        TaskMessage m = new TaskMessage(t.taskId(), executionId, t.stepId(), t.attempt(), t.agent(), tenant,
                t.idempotencyKey(), t.deadline(), t.queueDeadline(), t.input(), traceparent,
                shadow ? Boolean.TRUE : null);
        return new OutboxMessage(0, executionId, t.taskId(), taskAddress.apply(t.agent()), Json.write(m),
                t.readyAt(), TaskHeaders.of(m), OutboxMessage.Kept.STEP_ROW);
    }

    /** The message of an attempt dispatched earlier, as its dispatch sent it. */
    public OutboxMessage resend(UnsentDispatch unsent) {
        ExecutionEvent.TaskDispatched e = unsent.dispatch();
        return of(unsent.executionId(), unsent.tenant(),
                TraceContext.forExecution(unsent.executionId(), unsent.traceparent()), unsent.shadow(),
                new Effect.DispatchTask(e.taskId(),
                e.stepId(), e.attempt(), e.agent(), e.input(), TaskIds.idempotencyKey(unsent.executionId(), e.stepId()),
                e.at(), e.deadline(), e.queueDeadline()));
    }
}
