package dev.weft.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a paused execution remembers of its pause: since when, why, who asked, and the timers that
 * fell due meanwhile, in the order they did; they fire when the execution is resumed.
 *
 * @param requestedBy who asked, or null
 */
public record Pause(Instant since, String reason, String requestedBy, List<DeferredTimer> deferred) {

    /** A timer that came due while paused, as its {@link Command.FireTimer} would have named it. */
    public record DeferredTimer(TimerKind kind, String stepId, int attempt) {
    }

    public Pause {
        deferred = List.copyOf(deferred);
    }

    boolean isDeferred(DeferredTimer timer) {
        return deferred.contains(timer);
    }

    Pause withDeferred(DeferredTimer timer) {
        List<DeferredTimer> next = new ArrayList<>(deferred);
        next.add(timer);
        return new Pause(since, reason, requestedBy, next);
    }
}
