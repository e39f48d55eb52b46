package dev.weft.schedule;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every string format of schedules in one place. The request id of a fire's start is derived from
 * the schedule and the fire time, so every replica that fires the same time asks for the same
 * start, and the unique request id of executions lets exactly one of them through.
 */
public final class ScheduleKeys {
    /** Schedule ids: letters, digits and {@code . _ - :}, at most 100. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final String FIRE_PREFIX = "schedule:";
    private static final String DECLARED_PREFIX = "workflow:";

    private ScheduleKeys() {
    }

    /** {@code schedule:<schedule id>@<fire time, ISO-8601 UTC>}. */
    public static String fireRequestId(String scheduleId, Instant fireTime) {
        return FIRE_PREFIX + scheduleId + "@" + fireTime;
    }

    /** The schedule and fire time a start's request id names, if it is a fire's. */
    public static Optional<Fire> parseFireRequestId(String requestId) {
        if (requestId == null || !requestId.startsWith(FIRE_PREFIX)) {
            return Optional.empty();
        }
        int at = requestId.lastIndexOf('@');
        if (at < FIRE_PREFIX.length()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Fire(requestId.substring(FIRE_PREFIX.length(), at),
                    Instant.parse(requestId.substring(at + 1))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code id} is of the form kept for declared schedules ({@link #declaredScheduleId}). */
    public static boolean isDeclaredId(String id) {
        return id.startsWith(DECLARED_PREFIX);
    }

    /** The id of the schedule a workflow definition's {@code schedule:} block declares. */
    public static String declaredScheduleId(String workflow) {
        return DECLARED_PREFIX + workflow;
    }

    public record Fire(String scheduleId, Instant fireTime) {
    }
}
