package dev.weft.definition;

import dev.weft.schedule.CatchUpPolicy;
import dev.weft.schedule.CronSchedule;
import dev.weft.schedule.OverlapPolicy;
import dev.weft.schedule.ScheduleSpecException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The top-level {@code schedule:} block: a cron expression, its zone, the start input and the
 * policies, checked as CreateSchedule checks them, with errors at {@code schedule.<field>}.
 */
final class ScheduleBlock {
    static final List<String> FIELDS = List.of("cron", "time_zone", "input", "overlap", "catch_up", "start_at",
            "end_at");

    private ScheduleBlock() {
    }

    static WorkflowDefinition.ScheduleDeclaration parse(FieldReader top, Problems problems) {
        Map<String, Object> raw = top.object("schedule");
        if (raw == null) {
            return null;
        }
        FieldReader f = new FieldReader(raw, "schedule", problems);
        f.rejectUnknown(FIELDS);
        String cron = f.string("cron", true, null, null);
        String zone = f.string("time_zone", false, null, null);
        Map<String, Object> input = f.object("input");
        OverlapPolicy overlap = f.enumValue("overlap", OverlapPolicy.class, OverlapPolicy.SKIP);
        CatchUpPolicy catchUp = f.enumValue("catch_up", CatchUpPolicy.class, CatchUpPolicy.SKIP_MISSED);
        Instant startAt = instant(raw, "start_at", problems);
        Instant endAt = instant(raw, "end_at", problems);
        if (cron == null) {
            return null;
        }
        try {
            CronSchedule.parse(cron, zone);
        } catch (ScheduleSpecException e) {
            problems.add("schedule." + e.field(), e.getMessage().substring(e.field().length() + 2));
            return null;
        }
        if (startAt != null && endAt != null && !endAt.isAfter(startAt)) {
            problems.add("schedule.end_at", "must be after start_at (" + startAt + "), but got " + endAt);
        }
        return new WorkflowDefinition.ScheduleDeclaration(cron, zone == null ? "UTC" : zone,
                input == null ? Map.of() : input, overlap, catchUp, startAt, endAt);
    }

    private static Instant instant(Map<String, Object> raw, String key, Problems problems) {
        Object v = raw.get(key);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(String.valueOf(v));
        } catch (DateTimeParseException e) {
            problems.add("schedule." + key, "expected an RFC 3339 instant like 2026-01-01T00:00:00Z, but got "
                    + Problems.describe(v));
            return null;
        }
    }

    /** The declared input must be one the workflow accepts. */
    static void checkInput(WorkflowDefinition definition, Problems problems) {
        if (definition.schedule() == null) {
            return;
        }
        for (String problem : new InputValidator().validate(definition, definition.schedule().input())) {
            problems.add("schedule.input", problem);
        }
    }
}
