package dev.weft.schedule;

import java.time.Instant;
import java.util.Map;

/**
 * What a schedule starts and when: a workflow (version 0: its default at fire time) with an input,
 * on a cron expression in a time zone, between optional start and end instants.
 */
public record ScheduleSpec(String workflow, int version, String cron, String timeZone, Map<String, Object> input,
                           OverlapPolicy overlap, CatchUpPolicy catchUp, Instant startAt, Instant endAt) {
    static final int MAX_NAME_LENGTH = 200;

    public ScheduleSpec {
        input = input == null ? Map.of() : input;
        timeZone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone;
        overlap = overlap == null ? OverlapPolicy.SKIP : overlap;
        catchUp = catchUp == null ? CatchUpPolicy.SKIP_MISSED : catchUp;
    }

    /**
     * Checks everything that does not need the workflow itself.
     *
     * @throws ScheduleSpecException naming the field at fault
     */
    public CronSchedule validate() {
        if (workflow == null || workflow.isBlank()) {
            throw new ScheduleSpecException("workflow", "required");
        }
        if (workflow.length() > MAX_NAME_LENGTH) {
            throw new ScheduleSpecException("workflow", "at most " + MAX_NAME_LENGTH + " characters, but got "
                    + workflow.length());
        }
        if (version < 0) {
            throw new ScheduleSpecException("version", "must be 0 (the default at fire time) or positive, but got "
                    + version);
        }
        if (startAt != null && endAt != null && !endAt.isAfter(startAt)) {
            throw new ScheduleSpecException("end_at", "must be after start_at (" + startAt + "), but got " + endAt);
        }
        return CronSchedule.parse(cron, timeZone);
    }
}
