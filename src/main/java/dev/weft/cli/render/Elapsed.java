package dev.weft.cli.render;

import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;

/** Durations as a person reads them at a glance: {@code 420ms}, {@code 4.2s}, {@code 1m05s}, {@code 2h03m}. */
public final class Elapsed {
    private Elapsed() {
    }

    public static String format(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format(java.util.Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(java.util.Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }

    /** From {@code start} to {@code end}, or to {@code now} while it has not ended; empty before it started. */
    public static String between(Timestamp start, Timestamp end, Instant now) {
        if (start == null || isUnset(start)) {
            return "";
        }
        Instant to = end == null || isUnset(end) ? now : instant(end);
        return format(Duration.between(instant(start), to));
    }

    public static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    public static boolean isUnset(Timestamp t) {
        return t.getSeconds() == 0 && t.getNanos() == 0;
    }
}
