package dev.weft.cli.render;

import com.google.protobuf.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Instants in tables, in UTC so that two people's listings read the same. */
public final class Times {
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private Times() {
    }

    public static String dateTime(Timestamp t) {
        return Elapsed.isUnset(t) ? "" : DATE_TIME.format(Elapsed.instant(t));
    }

    public static String time(Timestamp t) {
        return Elapsed.isUnset(t) ? "" : TIME.format(Elapsed.instant(t));
    }
}
