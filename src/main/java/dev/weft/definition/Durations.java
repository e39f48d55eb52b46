package dev.weft.definition;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in definitions: {@code 500ms}, {@code 10s}, {@code 10m}, {@code 1h},
 * {@code 1d}, combinations in decreasing order like {@code 1h30m}, or ISO-8601 {@code PT10M}.
 * Bare numbers are rejected: nobody can tell whether {@code 10} means seconds or minutes.
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile(
            "(?:(\\d{1,9})d)?(?:(\\d{1,9})h)?(?:(\\d{1,9})m(?!s))?(?:(\\d{1,9})s)?(?:(\\d{1,9})ms)?");

    private Durations() {}

    /** The duration, or empty when the text is not a duration in one of the accepted forms. */
    public static Optional<Duration> parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) return Optional.empty();
        if (s.startsWith("P") || s.startsWith("p")) {
            try {
                return Optional.of(Duration.parse(s));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        Matcher m = SHORT.matcher(s);
        if (!m.matches()) return Optional.empty();
        Duration d = Duration.ZERO;
        d = d.plusDays(group(m, 1)).plusHours(group(m, 2)).plusMinutes(group(m, 3))
                .plusSeconds(group(m, 4)).plusMillis(group(m, 5));
        return Optional.of(d);
    }

    private static long group(Matcher m, int i) {
        return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
    }

    /** Compact form for messages: 1h30m, 500ms, 7d. */
    public static String format(Duration d) {
        if (d.isZero()) return "0s";
        StringBuilder out = new StringBuilder();
        if (d.toDaysPart() > 0) out.append(d.toDaysPart()).append('d');
        if (d.toHoursPart() > 0) out.append(d.toHoursPart()).append('h');
        if (d.toMinutesPart() > 0) out.append(d.toMinutesPart()).append('m');
        if (d.toSecondsPart() > 0) out.append(d.toSecondsPart()).append('s');
        if (d.toMillisPart() > 0) out.append(d.toMillisPart()).append("ms");
        return out.toString();
    }
}
