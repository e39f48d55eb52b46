package dev.weft.breaker;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * One capability's SmallRye circuit breaker on this replica, fed one guarded call per outcome: the
 * call replays the outcome (returns for a success, throws for a counted failure) at the moment the
 * engine learns it. SmallRye's rolling window then decides, with its own rules, when the
 * capability has failed too often; its state change to OPEN is reported to {@code opened}.
 */
final class SmallRyeWindow {
    /** Thrown by a replayed counted failure; no stack trace, it is made per outcome. */
    static final class CountedFailure extends Exception {
        CountedFailure() {
            super("the task failed or timed out", null, false, false);
        }
    }

    private static final CountedFailure FAILURE = new CountedFailure();
    private static final Callable<Void> SUCCEED = () -> null;
    private static final Callable<Void> FAIL = () -> {
        throw FAILURE;
    };

    private final String name;
    private final Guard guard;
    private final CircuitBreakerMaintenance maintenance;
    private final RecentOutcomes recent;

    /**
     * @param name a name unique in this JVM (SmallRye registers named breakers for maintenance)
     */
    SmallRyeWindow(String name, BreakerSettings settings, CircuitBreakerMaintenance maintenance, Runnable opened) {
        this.name = name;
        this.maintenance = maintenance;
        this.recent = new RecentOutcomes(settings.requestVolumeThreshold());
        this.guard = Guard.create()
                .withCircuitBreaker()
                .name(name)
                .requestVolumeThreshold(settings.requestVolumeThreshold())
                .failureRatio(settings.failureRatio())
                .delay(settings.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(settings.successThreshold())
                .failOn(CountedFailure.class)
                .onSuccess(recent::success)
                .onFailure(recent::failure)
                .onStateChange(state -> {
                    if (state == CircuitBreakerState.OPEN) {
                        opened.run();
                    }
                })
                .done()
                .build();
    }

    /** Counts one outcome; while SmallRye's breaker is open it refuses the call, and the outcome is not counted. */
    void replay(boolean failure) {
        try {
            guard.call(failure ? FAIL : SUCCEED, Void.class);
        } catch (CountedFailure | CircuitBreakerOpenException expected) {
            // the failure was counted, or SmallRye's breaker is open and counts nothing
        } catch (Exception e) {
            throw new IllegalStateException("a replayed outcome cannot fail otherwise", e);
        }
    }

    /** A fresh window: the shared breaker closed (or was reset), so earlier outcomes no longer count. */
    void reset() {
        maintenance.reset(name);
        recent.clear();
    }

    CircuitBreakerState state() {
        return maintenance.currentState(name);
    }

    int calls() {
        return recent.calls();
    }

    int failures() {
        return recent.failures();
    }
}
