package dev.weft.observability;

import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.ExecutionState;
import dev.weft.engine.ExecutionStatus;
import dev.weft.engine.StepState;
import dev.weft.runtime.CommitListener;
import dev.weft.runtime.TraceContext;
import dev.weft.store.CommitRequest;
import dev.weft.store.OutboxMessage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * OpenTelemetry spans of executions, all in the execution's trace ({@link TraceContext#forExecution}):
 * the start ({@code weft.start}), each step from its first start to its end ({@code weft.step}),
 * each task message from its send to the broker's acceptance ({@code send <address>}, a producer
 * span), each result from its decision to its commit ({@code process weft.results}, a consumer
 * span) and the whole execution once it ended ({@code weft.execution}). They are made from what
 * was committed, with the engine's own instants, by the replica that committed it: a span is
 * reported once, and never for a decision that did not commit. Agents continue the same trace
 * from the task's {@code traceparent}.
 */
public final class ExecutionSpans implements CommitListener {
    /** The messaging semantic conventions' attributes (https://opentelemetry.io/docs/specs/semconv/messaging/). */
    static final String MESSAGING_SYSTEM = "amqp";

    private final Tracer tracer;
    private final InstantSource clock;

    public ExecutionSpans(Tracer tracer, InstantSource clock) {
        this.tracer = tracer;
        this.clock = clock;
    }

    @Override
    public void committed(WorkflowDefinition definition, CommitRequest request, List<OutboxMessage> sent) {
        ExecutionState state = request.state();
        Context parent = null;
        Instant now = null;
        for (ExecutionEvent event : request.events()) {
            EventKind kind = EventKind.of(event);
            if (kind == EventKind.DISPATCHED || kind == EventKind.OTHER) {
                continue;
            }
            if (parent == null) {
                parent = parentOf(state.executionId(), state.traceparent());
                now = clock.instant();
            }
            switch (kind) {
                case STARTED -> span("weft.start " + definition.name(), SpanKind.INTERNAL, parent, event.at(), state)
                        .startSpan().end(now);
                case ENDED -> ended(definition, state, event, parent);
                case RESULT -> {
                    result(state, event, parent, now);
                    stepEnded(state, event, parent);
                }
                case STEP -> stepEnded(state, event, parent);
                case DISPATCHED, OTHER -> { }
            }
        }
    }

    /** A task message the broker accepted: the producer span of its dispatch. */
    public void sent(OutboxMessage message, Instant sentAt, Instant acceptedAt) {
        Object traceparent = message.headers() == null ? null : message.headers().get("traceparent");
        Context parent = parentOf(message.executionId(), traceparent instanceof String s ? s : null);
        tracer.spanBuilder("send " + message.address()).setSpanKind(SpanKind.PRODUCER).setParent(parent)
                .setStartTimestamp(sentAt)
                .setAttribute("messaging.system", MESSAGING_SYSTEM)
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", message.address())
                .setAttribute("messaging.message.id", message.taskId())
                .setAttribute("weft.execution.id", message.executionId())
                .setAttribute("weft.task.id", message.taskId())
                .startSpan().end(acceptedAt);
    }

    private void ended(WorkflowDefinition definition, ExecutionState state, ExecutionEvent event, Context parent) {
        Span span = span("weft.execution " + definition.name(), SpanKind.INTERNAL, parent,
                state.startedAt() != null ? state.startedAt() : event.at(), state)
                .setAttribute("weft.workflow.version", (long) definition.version())
                .setAttribute("weft.execution.status", state.status().name())
                .startSpan();
        if (state.status() != ExecutionStatus.COMPLETED) {
            span.setStatus(StatusCode.ERROR, state.status().name());
        }
        span.end(event.at());
    }

    /** @param event a {@link EventKind#RESULT}: TaskCompleted or TaskFailed */
    private void result(ExecutionState state, ExecutionEvent event, Context parent, Instant now) {
        String taskId = event instanceof ExecutionEvent.TaskFailed f ? f.taskId()
                : ((ExecutionEvent.TaskCompleted) event).taskId();
        Span span = span("process weft.results", SpanKind.CONSUMER, parent, event.at(), state)
                .setAttribute("messaging.system", MESSAGING_SYSTEM)
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.message.conversation_id", taskId)
                .setAttribute("weft.step.id", event.stepId())
                .setAttribute("weft.task.id", taskId)
                .startSpan();
        if (event instanceof ExecutionEvent.TaskFailed f) {
            span.setStatus(StatusCode.ERROR, f.error().type() + ": " + f.error().message());
        }
        span.end(now);
    }

    /** The step's span, once: when this event is its end. */
    private void stepEnded(ExecutionState state, ExecutionEvent event, Context parent) {
        StepState step = state.steps().get(event.stepId());
        if (step == null || !step.status().isEnded() || !event.at().equals(step.endedAt())) {
            return;
        }
        Instant from = step.startedAt() != null ? step.startedAt() : step.readyAt() != null ? step.readyAt()
                : step.endedAt();
        Span span = span("weft.step " + step.stepId(), SpanKind.INTERNAL, parent, from, state)
                .setAttribute("weft.step.id", step.stepId())
                .setAttribute("weft.step.status", step.status().name())
                .setAttribute("weft.step.attempts", (long) step.attempt())
                .startSpan();
        if (step.status() == dev.weft.engine.StepStatus.FAILED) {
            span.setStatus(StatusCode.ERROR, step.error() == null ? "failed" : step.error().type());
        }
        span.end(step.endedAt());
    }

    private SpanBuilder span(String name, SpanKind kind, Context parent, Instant start, ExecutionState state) {
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).setStartTimestamp(start)
                .setAttribute("weft.execution.id", state.executionId())
                .setAttribute("weft.workflow", state.workflow());
    }

    private static Context parentOf(String executionId, String traceparent) {
        return Context.root().with(Span.wrap(TraceContext.parent(TraceContext.forExecution(executionId, traceparent))));
    }
}
