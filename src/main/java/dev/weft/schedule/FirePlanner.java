package dev.weft.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides, for a schedule that is due, which fire time runs, which were missed and when it fires
 * next. Pure: the poller hands it the stored next fire time and the poll's "now".
 *
 * <p>The due fire times are those from the stored {@code next_fire_at} up to now. The latest of
 * them is on time when it is at most {@code grace} old; every other due time, and a latest one
 * older than the grace, was missed: no replica polled while it was due. With
 * {@link CatchUpPolicy#SKIP_MISSED} only an on-time latest fire runs; with
 * {@link CatchUpPolicy#RUN_ONCE} the latest runs whatever its age, standing for all the missed
 * ones. The next fire is the first time after now (never one already due), none past the end.
 */
public final class FirePlanner {
    /** Counting missed fires stops here (a minutely schedule down for a year); the count says "at least". */
    static final int MAX_COUNTED = 10_000;

    private FirePlanner() {
    }

    /**
     * @param toRun       the fire time to start now, if any
     * @param missed      how many due fire times do not run (at most {@link #MAX_COUNTED})
     * @param latestMissed the latest of them, if any
     * @param next        the next fire time to store; empty when the schedule has ended
     */
    public record Plan(Optional<Instant> toRun, int missed, Optional<Instant> latestMissed, Optional<Instant> next) {
    }

    /** {@code nextFireAt} is a fire time at or before both {@code now} and {@code endAt} (null: no end). */
    public static Plan plan(CronSchedule cron, Instant nextFireAt, Instant now, CatchUpPolicy catchUp,
                            Duration grace, Instant endAt) {
        Instant until = endAt != null && endAt.isBefore(now) ? endAt : now;
        Instant latest = cron.latestAtOrBefore(until).filter(t -> t.isAfter(nextFireAt)).orElse(nextFireAt);
        int earlier = countFrom(cron, nextFireAt, latest);
        boolean onTime = !latest.plus(grace).isBefore(now);
        Optional<Instant> next = cron.nextAfter(now).filter(t -> endAt == null || !t.isAfter(endAt));
        boolean runs = switch (catchUp) {
            case SKIP_MISSED -> onTime;
            case RUN_ONCE -> true;
        };
        if (runs) {
            Optional<Instant> latestMissed = earlier == 0 ? Optional.empty()
                    : cron.latestAtOrBefore(latest.minusSeconds(1));
            return new Plan(Optional.of(latest), earlier, latestMissed, next);
        }
        return new Plan(Optional.empty(), Math.min(earlier + 1, MAX_COUNTED), Optional.of(latest), next);
    }

    /** Fire times in [from, to), counted up to {@link #MAX_COUNTED}. */
    private static int countFrom(CronSchedule cron, Instant from, Instant to) {
        int n = 0;
        Instant at = from;
        while (at.isBefore(to) && n < MAX_COUNTED) {
            n++;
            Optional<Instant> following = cron.nextAfter(at);
            if (following.isEmpty()) {
                break;
            }
            at = following.get();
        }
        return n;
    }

    /** The first fire time a schedule has: after {@code now}, not before its start, not after its end. */
    public static Optional<Instant> first(CronSchedule cron, Instant now, Instant startAt, Instant endAt) {
        Instant from = startAt != null && startAt.isAfter(now) ? startAt.minusSeconds(1) : now;
        return cron.nextAfter(from).filter(t -> endAt == null || !t.isAfter(endAt));
    }
}
