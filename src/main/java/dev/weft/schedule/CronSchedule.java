package dev.weft.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A cron expression in a time zone, and the instants it fires at. The flavour is Unix cron, five
 * fields: minute, hour, day of month, month, day of week (0 or 7 = Sunday; names like MON and JAN;
 * {@code * , - /}); there is no seconds field. Fire times are computed on the wall clock of the
 * zone, so daylight-saving changes follow the zone's rules (see docs/dsl.md). Pure and immutable.
 */
public final class CronSchedule {
    static final String[] FIELDS = {"minute", "hour", "day-of-month", "month", "day-of-week"};
    private static final CronDefinition UNIX = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);
    private static final CronParser PARSER = new CronParser(UNIX);
    static final int MAX_EXPRESSION_LENGTH = 200;

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime times;

    private CronSchedule(String expression, ZoneId zone, Cron cron) {
        this.expression = expression;
        this.zone = zone;
        this.times = ExecutionTime.forCron(cron);
    }

    /**
     * @param timeZone an IANA zone id ({@code Europe/Paris}); empty means UTC
     * @throws ScheduleSpecException naming {@code cron} (and the cron field at fault) or {@code time_zone}
     */
    public static CronSchedule parse(String expression, String timeZone) {
        CronSchedule parsed = new CronSchedule(expression.trim(), zone(timeZone), cron(expression));
        // A cron expression repeats within years, so one that has no time after a fixed instant never fires.
        if (parsed.nextAfter(NEVER_PROBE).isEmpty()) {
            throw new ScheduleSpecException("cron", "'" + parsed.expression + "' never fires (no such date)");
        }
        return parsed;
    }

    private static final Instant NEVER_PROBE = Instant.parse("2000-01-01T00:00:00Z");

    /** The zone named {@code timeZone} (empty: UTC); only region ids and UTC, not fixed offsets' aliases. */
    public static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return ZoneId.of("UTC");
        }
        if (timeZone.length() > 64) {
            throw new ScheduleSpecException("time_zone", "at most 64 characters, but got " + timeZone.length());
        }
        // Region ids of the IANA database only: a fixed offset never follows daylight saving.
        if (!ZoneId.getAvailableZoneIds().contains(timeZone)) {
            throw new ScheduleSpecException("time_zone", "unknown zone '" + timeZone
                    + "'; expected an IANA time zone id such as 'Europe/Paris' or 'UTC'");
        }
        return ZoneId.of(timeZone);
    }

    private static Cron cron(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new ScheduleSpecException("cron", "required, five fields: minute hour day-of-month month day-of-week");
        }
        if (expression.length() > MAX_EXPRESSION_LENGTH) {
            throw new ScheduleSpecException("cron", "at most " + MAX_EXPRESSION_LENGTH + " characters, but got "
                    + expression.length());
        }
        String[] parts = expression.trim().split("\\s+");
        if (parts.length != FIELDS.length) {
            throw new ScheduleSpecException("cron", "expected 5 fields (minute hour day-of-month month "
                    + "day-of-week), but got " + parts.length + " in '" + expression.trim() + "'");
        }
        // Each field alone, the others '*', so that the message names the field at fault.
        for (int i = 0; i < parts.length; i++) {
            String[] probe = {"*", "*", "*", "*", "*"};
            probe[i] = parts[i];
            try {
                PARSER.parse(String.join(" ", probe)).validate();
            } catch (RuntimeException e) {
                throw new ScheduleSpecException("cron", FIELDS[i] + " field '" + parts[i] + "' is invalid: "
                        + reason(e));
            }
        }
        try {
            return PARSER.parse(String.join(" ", parts)).validate();
        } catch (RuntimeException e) {
            throw new ScheduleSpecException("cron", "'" + expression.trim() + "' is invalid: " + reason(e));
        }
    }

    private static String reason(RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        int cut = m.indexOf("Invalid expression! ");
        return (cut >= 0 ? m.substring(cut + "Invalid expression! ".length()) : m).trim();
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first fire time strictly after {@code t}, if the expression ever fires again. */
    public Optional<Instant> nextAfter(Instant t) {
        return times.nextExecution(ZonedDateTime.ofInstant(t, zone)).map(ZonedDateTime::toInstant);
    }

    /** The latest fire time at or before {@code t}. */
    public Optional<Instant> latestAtOrBefore(Instant t) {
        Instant probe = t.plusSeconds(1);
        return times.lastExecution(ZonedDateTime.ofInstant(probe, zone)).map(ZonedDateTime::toInstant)
                .filter(f -> !f.isAfter(t));
    }

    /** Up to {@code count} fire times strictly after {@code t}, none after {@code endAt} (null: no end). */
    public List<Instant> next(Instant t, int count, Instant endAt) {
        List<Instant> out = new ArrayList<>();
        Instant at = t;
        while (out.size() < count) {
            Optional<Instant> n = nextAfter(at);
            if (n.isEmpty() || (endAt != null && n.get().isAfter(endAt))) {
                break;
            }
            out.add(n.get());
            at = n.get();
        }
        return out;
    }
}
