package dev.weft.runtime;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The W3C trace context (`traceparent`: {@code 00-<trace id>-<parent span id>-<flags>}) an
 * execution's spans and tasks belong to: the one of the request that started it, or, for an
 * execution started without one (a chain, a child, no tracing at the caller), one derived from its
 * id, so every replica puts its spans in the same trace and its agents continue it.
 */
public final class TraceContext {
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final Pattern UUID_HEX = Pattern.compile("[0-9a-f]{32}");

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

    /** The trace of an execution: its own {@code traceparent} when it has a valid one, else one derived from its id. */
    public static String forExecution(String executionId, String traceparent) {
        if (traceparent != null && TRACEPARENT.matcher(traceparent).matches()) {
            return traceparent;
        }
        String hex = executionId.replace("-", "").toLowerCase(java.util.Locale.ROOT);
        byte[] digest = sha256(executionId);
        String traceId = UUID_HEX.matcher(hex).matches() ? hex : HexFormat.of().formatHex(digest, 0, 16);
        String spanId = HexFormat.of().formatHex(digest, 16, 24);
        return "00-" + traceId + "-" + spanId + "-01";
    }

    /** The parent a span of the execution gets, from {@link #forExecution}'s result. */
    public static SpanContext parent(String traceparent) {
        var m = TRACEPARENT.matcher(traceparent);
        if (!m.matches()) {
            return SpanContext.getInvalid();
        }
        return SpanContext.createFromRemoteParent(m.group(1), m.group(2), TraceFlags.fromHex(m.group(3), 0),
                TraceState.getDefault());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
