package dev.weft.schedule;

/** CreateSchedule with an id the tenant already has. */
public class ScheduleExistsException extends RuntimeException {
    public ScheduleExistsException(String id) {
        super("schedule_id: a schedule '" + id + "' already exists; delete it first or choose another id");
    }
}
