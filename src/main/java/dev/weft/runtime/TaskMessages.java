package dev.weft.runtime;

import dev.weft.engine.Effect;
import dev.weft.engine.ExecutionState;
import dev.weft.messaging.AmqpAddresses;
import dev.weft.messaging.TaskHeaders;
import dev.weft.messaging.TaskMessage;
import dev.weft.store.Json;
import dev.weft.store.OutboxMessage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** Turns {@code DispatchTask} effects into the outbox rows that carry their task messages. */
@ApplicationScoped
public class TaskMessages {

    @Inject
    AmqpAddresses addresses;

    List<OutboxMessage> outboxFor(ExecutionState state, List<Effect> effects) {
        List<OutboxMessage> out = new ArrayList<>();
        // Every task of an execution continues the trace of the request that started it.
        String traceparent = state.traceparent() != null ? state.traceparent() : currentTraceparent();
        for (Effect effect : effects) {
            if (effect instanceof Effect.DispatchTask t) {
                TaskMessage m = new TaskMessage(t.taskId(), state.executionId(), t.stepId(), t.attempt(), t.agent(),
                        state.tenant(), t.idempotencyKey(), t.deadline(), t.input(), traceparent);
                out.add(new OutboxMessage(0, state.executionId(), t.taskId(), addresses.tasks(t.agent()),
                        Json.write(m), t.readyAt(), TaskHeaders.of(m)));
            }
        }
        return out;
    }

    /** The W3C traceparent of the current span, so an agent's work joins the caller's trace. */
    public static String currentTraceparent() {
        SpanContext ctx = Span.current().getSpanContext();
        if (!ctx.isValid()) {
            return null;
        }
        return "00-" + ctx.getTraceId() + "-" + ctx.getSpanId() + "-" + ctx.getTraceFlags().asHex();
    }
}
