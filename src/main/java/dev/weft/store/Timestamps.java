package dev.weft.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The reactive PostgreSQL client speaks OffsetDateTime for timestamptz; the engine speaks Instant. */
public final class Timestamps {
    private Timestamps() {
    }

    public static OffsetDateTime of(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant of(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
