package dev.weft.runtime;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a signal for wait steps must look like, wherever it comes from (SignalExecution over gRPC,
 * a message on the AMQP events address): one set of rules, problems that name the field.
 */
public final class SignalRules {
    /** As the DSL's event names (WaitKindParser.EVENT_NAME). */
    public static final Pattern EVENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:/-]{0,199}");
    public static final int MAX_KEY = 200;

    private SignalRules() {
    }

    /**
     * What is wrong with a signal, or null. An empty or null field is absent.
     *
     * @param executionId the execution it is for, or absent: then {@code correlation} names the waits
     */
    public static String problem(String event, String executionId, String correlation, String signalId) {
        if (isAbsent(event)) {
            return "event: required";
        }
        if (!EVENT.matcher(event).matches()) {
            return "event: must match [A-Za-z0-9_][A-Za-z0-9_.:/-]{0,199}, but got '" + clip(event) + "'";
        }
        if (isAbsent(executionId) && isAbsent(correlation)) {
            return "execution_id: required unless correlation names the waits to signal";
        }
        if (!isAbsent(executionId) && !isUuid(executionId)) {
            return "execution_id: expected a UUID, but got '" + clip(executionId) + "'";
        }
        if (correlation != null && correlation.length() > MAX_KEY) {
            return "correlation: at most " + MAX_KEY + " characters, but got " + correlation.length();
        }
        if (signalId != null && signalId.length() > MAX_KEY) {
            return "signal_id: at most " + MAX_KEY + " characters, but got " + signalId.length();
        }
        return null;
    }

    private static boolean isAbsent(String s) {
        return s == null || s.isEmpty();
    }

    private static boolean isUuid(String id) {
        try {
            return UUID.fromString(id).toString().equalsIgnoreCase(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String clip(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}
