package dev.weft.breaker;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.mutiny.Uni;
import java.time.Instant;

/**
 * One capability's breaker on one replica: a copy of its shared row, the SmallRye window that
 * judges the closed state, and the probe permits this replica holds. Every change goes through the
 * store's compare-and-set and is adopted from the row the store returns (or re-reads), so all
 * replicas move through the same epochs; a replica only ever reports a transition it saw the
 * table confirm. The calls to the table are {@link SharedBreakerRow}'s, the permits this replica
 * holds {@link ProbePermits}'; what to ask for, and what a row means, is decided here.
 */
final class CapabilityBreaker {
    private final String capability;
    private final BreakerSettings settings;
    private final BreakerContext ctx;
    private final SmallRyeWindow window;
    private final SharedBreakerRow shared;
    /** The last row the table confirmed; guarded by {@code this}. */
    private BreakerRow row;
    /** What admit and record obey: {@link #row}, or an OPEN that SmallRye decided and the table has not confirmed yet. */
    private volatile BreakerRow view;
    /** Probe permits this replica claimed for the half-open phase of {@link #view}'s epoch and has not used. */
    private final ProbePermits permits = new ProbePermits();

    CapabilityBreaker(String capability, BreakerSettings settings, BreakerContext ctx, BreakerRow initial,
                      CircuitBreakerMaintenance maintenance) {
        this.capability = capability;
        this.settings = settings;
        this.ctx = ctx;
        this.row = initial;
        this.view = initial;
        this.shared = new SharedBreakerRow(capability, ctx.store(), this::adopt);
        this.window = new SmallRyeWindow("weft-breaker/" + ctx.replica() + "/" + capability, settings, maintenance,
                this::smallRyeOpened);
    }

    String capability() {
        return capability;
    }

    BreakerState state() {
        return view.state();
    }

    Admission admit() {
        BreakerRow v = view;
        return switch (v.state()) {
            case CLOSED -> Admission.ADMITTED;
            case OPEN -> {
                if (!ctx.clock().instant().isBefore(v.openUntil())) {
                    halfOpen(v);
                }
                yield new Admission.Refused(BreakerState.OPEN, v.openUntil(), v.reason());
            }
            case HALF_OPEN -> {
                if (permits.use()) {
                    yield Admission.PROBE;
                }
                claimPermit(v);
                yield new Admission.Refused(BreakerState.HALF_OPEN, null, "half-open: " + v.probesClaimed()
                        + " of " + settings.probes() + " probes claimed, waiting for their outcomes");
            }
        };
    }

    /** A task went out; while half-open it is a probe, counted as sent in the table. */
    void dispatched(Instant deadline) {
        BreakerRow v = view;
        if (v.state() != BreakerState.HALF_OPEN) {
            return;
        }
        shared.probeDispatched(v.epoch(), deadline);
    }

    void record(Outcome outcome) {
        BreakerRow v = view;
        if (v.epoch() > 0 && outcome.dispatchedAt() != null && outcome.dispatchedAt().isBefore(v.since())) {
            return; // sent in an earlier state: SmallRye would not count it in this one either
        }
        switch (v.state()) {
            case CLOSED -> window.replay(outcome.countsAsFailure());
            case OPEN -> {
                // Nothing is counted while open. But a task sent after the delay ran out is a probe
                // of a half-open phase this replica has not heard of yet: read the row, then count it.
                if (outcome.dispatchedAt() != null && !outcome.dispatchedAt().isBefore(v.openUntil())) {
                    shared.reload(() -> {
                        if (view.epoch() > v.epoch()) {
                            record(outcome);
                        }
                    });
                }
            }
            case HALF_OPEN -> probeOutcome(v, outcome);
        }
    }

    /** Moves a due breaker on: OPEN past its delay starts probing; probes undecided too long reopen it. */
    void tick(Instant now) {
        BreakerRow v = view;
        switch (v.state()) {
            case CLOSED -> {
            }
            case OPEN -> {
                if (!now.isBefore(v.openUntil())) {
                    halfOpen(v);
                }
            }
            case HALF_OPEN -> {
                String overdue = HalfOpenRounds.overdue(v, now, settings.halfOpenTimeout());
                if (overdue != null) {
                    shared.moveOn(v, v.next(BreakerState.OPEN, now, now.plus(settings.delay()), overdue,
                            ctx.replica()));
                }
            }
        }
    }

    /** See {@link CapabilityBreakers#mayRelease}. */
    boolean mayRelease() {
        BreakerRow v = view;
        return switch (v.state()) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> permits.any() || v.probesClaimed() < settings.probes();
        };
    }

    BreakerStatus status() {
        BreakerRow v = view;
        return new BreakerStatus(capability, v.state(), v.since(),
                v.state() == BreakerState.OPEN ? v.openUntil() : null, v.reason(), window.calls(), window.failures(),
                v.probesClaimed(), v.probeSuccesses(), v.epoch(), v.changedBy(), settings);
    }

    Uni<BreakerStatus> reset(String who) {
        return shared.reset(ctx.clock().instant(), "reset by " + who, ctx.replica()).map(written -> status());
    }

    /**
     * Takes a row from the table, whichever way it came (this replica's own write, or a re-read on
     * an announcement, which may come first): a newer epoch replaces what this replica knew and is
     * reported as a transition when the state differs (made here when the row says so), the same
     * epoch only refreshes the counts, an older one is a stale read and ignored. So is a row of the
     * same epoch that is behind the one held ({@link BreakerRow#changesInEpoch}): answers come back
     * on different connections, and the late answer to this replica's own write must not undo a
     * re-read that already showed the writes after it.
     */
    void adopt(BreakerRow fresh) {
        BreakerTransition transition = null;
        synchronized (this) {
            BreakerRow old = row;
            if (fresh.epoch() < old.epoch()
                    || fresh.epoch() == old.epoch() && fresh.changesInEpoch() < old.changesInEpoch()) {
                return;
            }
            boolean unconfirmed = view != old;
            row = fresh;
            if (fresh.epoch() == old.epoch()) {
                if (!unconfirmed) {
                    view = fresh;
                }
                return;
            }
            view = fresh;
            permits.forget();
            if (fresh.state() == BreakerState.CLOSED) {
                window.reset();
            }
            if (fresh.state() != old.state()) {
                transition = new BreakerTransition(capability, old.state(), fresh.state(), fresh.since(),
                        fresh.reason(), fresh.epoch(), fresh.changedBy(),
                        fresh.changedBy().equals(ctx.replica()));
            }
        }
        if (transition != null) {
            ctx.sink().transitioned(transition);
        }
    }

    /** SmallRye's window found the capability failing too often: open the shared breaker. */
    private void smallRyeOpened() {
        BreakerRow expected;
        BreakerRow next;
        synchronized (this) {
            expected = row;
            if (expected.state() != BreakerState.CLOSED || view != expected) {
                return;
            }
            Instant now = ctx.clock().instant();
            next = expected.next(BreakerState.OPEN, now, now.plus(settings.delay()), window.failures() + " of the last "
                    + window.calls() + " tasks failed or timed out (failure ratio " + settings.failureRatio()
                    + ")", ctx.replica());
            // Refuse at once, as SmallRye does, while the table is asked.
            view = next;
        }
        shared.transition(expected, next, () -> unconfirmed(next));
    }

    /** The table did not take this replica's OPEN: forget it, and start counting anew. */
    private void unconfirmed(BreakerRow next) {
        synchronized (this) {
            if (view == next) {
                view = row;
                window.reset();
            }
        }
    }

    private void halfOpen(BreakerRow open) {
        shared.moveOn(open, open.next(BreakerState.HALF_OPEN, ctx.clock().instant(), null,
                "open for " + settings.delay() + ", probing with up to " + settings.probes() + " tasks",
                ctx.replica()));
    }

    private void probeOutcome(BreakerRow halfOpen, Outcome outcome) {
        Instant now = ctx.clock().instant();
        if (outcome.countsAsFailure()) {
            // Never skipped, even with another write in flight: this outcome comes only once.
            shared.transition(halfOpen, halfOpen.next(BreakerState.OPEN, now, now.plus(settings.delay()),
                    "a probe " + outcome.describe(), ctx.replica()), () -> { });
            return;
        }
        shared.probeSucceeded(halfOpen.epoch(), settings.successThreshold(), now, ctx.replica(),
                settings.successThreshold() + " probes succeeded");
    }

    private void claimPermit(BreakerRow halfOpen) {
        if (!permits.startClaim(halfOpen.epoch())) {
            return;
        }
        shared.claimProbe(halfOpen.epoch(), settings.probes(), ctx.clock().instant(), claimed -> {
            permits.claimEnded();
            if (claimed.isEmpty()) {
                permits.goneIn(halfOpen.epoch());
                shared.reload();
                return;
            }
            // Still this replica's only while the epoch it was claimed in is the one adopted.
            boolean granted;
            synchronized (this) {
                granted = row.epoch() == halfOpen.epoch();
                if (granted) {
                    permits.add();
                }
            }
            adopt(claimed.get());
            if (granted) {
                ctx.sink().permitGranted(capability);
            }
        }, permits::claimEnded);
    }
}
