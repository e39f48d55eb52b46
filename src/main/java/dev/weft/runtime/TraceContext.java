package dev.weft.runtime;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/** The W3C trace context of the current span, so an agent's work joins the caller's trace. */
public final class TraceContext {
    private TraceContext() {
    }

    /** {@code traceparent} of the current span, or null when there is none. */
    public static String currentTraceparent() {
        SpanContext ctx = Span.current().getSpanContext();
        if (!ctx.isValid()) {
            return null;
        }
        return "00-" + ctx.getTraceId() + "-" + ctx.getSpanId() + "-" + ctx.getTraceFlags().asHex();
    }
}
