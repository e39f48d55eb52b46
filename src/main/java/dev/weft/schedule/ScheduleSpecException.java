package dev.weft.schedule;

/** A schedule's specification is refused; the message starts with the field at fault ({@code cron: ...}). */
public class ScheduleSpecException extends RuntimeException {
    private final String field;

    public ScheduleSpecException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
