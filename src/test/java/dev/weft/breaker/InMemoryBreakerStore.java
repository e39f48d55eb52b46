package dev.weft.breaker;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The store's compare-and-set rules over a map, answering at once: a single replica's state
 * machine runs step by step in the test's own thread.
 */
final class InMemoryBreakerStore implements BreakerStore {
    private final Map<String, BreakerRow> rows = new TreeMap<>();

    @Override
    public synchronized Uni<List<BreakerRow>> loadAll() {
        return Uni.createFrom().item(new ArrayList<>(rows.values()));
    }

    @Override
    public synchronized Uni<Optional<BreakerRow>> load(String capability) {
        return Uni.createFrom().item(Optional.ofNullable(rows.get(capability)));
    }

    @Override
    public synchronized Uni<Void> register(String capability, Instant now, String replica) {
        rows.putIfAbsent(capability, BreakerRow.initial(capability, now));
        return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Uni<Optional<BreakerRow>> transition(BreakerRow expected, BreakerRow next) {
        BreakerRow current = rows.get(next.capability());
        if (current != null && (current.epoch() != expected.epoch() || current.state() != expected.state())) {
            return Uni.createFrom().item(Optional.empty());
        }
        rows.put(next.capability(), next);
        return Uni.createFrom().item(Optional.of(next));
    }

    @Override
    public synchronized Uni<Optional<BreakerRow>> claimProbe(String capability, long epoch, int limit, Instant now) {
        BreakerRow r = rows.get(capability);
        if (r == null || r.epoch() != epoch || r.state() != BreakerState.HALF_OPEN || r.probesClaimed() >= limit) {
            return Uni.createFrom().item(Optional.empty());
        }
        BreakerRow claimed = new BreakerRow(capability, r.state(), r.epoch(), r.since(), r.openUntil(), r.reason(),
                r.changedBy(), r.probesClaimed() + 1, r.probeSuccesses(), now, r.probesDispatched(), r.probeDeadline());
        rows.put(capability, claimed);
        return Uni.createFrom().item(Optional.of(claimed));
    }

    @Override
    public synchronized Uni<Optional<BreakerRow>> probeDispatched(String capability, long epoch, Instant deadline) {
        BreakerRow r = rows.get(capability);
        if (r == null || r.epoch() != epoch || r.state() != BreakerState.HALF_OPEN) {
            return Uni.createFrom().item(Optional.empty());
        }
        Instant latest = r.probeDeadline() == null || deadline.isAfter(r.probeDeadline()) ? deadline : r.probeDeadline();
        BreakerRow sent = new BreakerRow(capability, r.state(), r.epoch(), r.since(), r.openUntil(), r.reason(),
                r.changedBy(), r.probesClaimed(), r.probeSuccesses(), r.lastProbeAt(), r.probesDispatched() + 1, latest);
        rows.put(capability, sent);
        return Uni.createFrom().item(Optional.of(sent));
    }

    @Override
    public synchronized Uni<Optional<BreakerRow>> probeSucceeded(String capability, long epoch, int successThreshold,
                                                                 Instant now, String replica, String closeReason) {
        BreakerRow r = rows.get(capability);
        if (r == null || r.epoch() != epoch || r.state() != BreakerState.HALF_OPEN) {
            return Uni.createFrom().item(Optional.empty());
        }
        BreakerRow after = r.probeSuccesses() + 1 >= successThreshold
                ? r.next(BreakerState.CLOSED, now, null, closeReason, replica)
                : new BreakerRow(capability, r.state(), r.epoch(), r.since(), r.openUntil(), r.reason(), r.changedBy(),
                r.probesClaimed(), r.probeSuccesses() + 1, r.lastProbeAt(), r.probesDispatched(), r.probeDeadline());
        rows.put(capability, after);
        return Uni.createFrom().item(Optional.of(after));
    }

    @Override
    public synchronized Uni<BreakerRow> reset(String capability, Instant now, String reason, String replica) {
        BreakerRow r = rows.getOrDefault(capability, BreakerRow.initial(capability, now));
        BreakerRow closed = r.next(BreakerState.CLOSED, now, null, reason, replica);
        rows.put(capability, closed);
        return Uni.createFrom().item(closed);
    }

    synchronized BreakerRow row(String capability) {
        return rows.get(capability);
    }
}
