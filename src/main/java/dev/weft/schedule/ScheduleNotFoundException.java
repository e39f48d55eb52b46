package dev.weft.schedule;

/** The caller's tenant has no schedule of that id. */
public class ScheduleNotFoundException extends RuntimeException {
    public ScheduleNotFoundException(String id) {
        super("schedule_id: no schedule '" + id + "'");
    }
}
