package dev.weft.schedule;

import java.time.Instant;
import java.util.List;

/** A schedule as the API shows it: what is stored, its next fire times (none while paused) and its latest fires. */
public record ScheduleView(StoredSchedule schedule, List<Instant> nextFireTimes, List<FireRecord> recentFires) {
}
