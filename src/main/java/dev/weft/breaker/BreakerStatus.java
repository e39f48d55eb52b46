package dev.weft.breaker;

import java.time.Instant;

/**
 * What a replica knows of a capability's breaker.
 *
 * @param retryAt        OPEN: when probing may start; otherwise null
 * @param recentCalls    outcomes counted by this replica's SmallRye window since it last closed (at most its size)
 * @param recentFailures of those, the failures and timeouts
 * @param probesClaimed  HALF_OPEN: probe permits claimed by all replicas
 * @param probeSuccesses HALF_OPEN: probe successes recorded by all replicas
 * @param changedBy      the replica that made the last change
 */
public record BreakerStatus(String capability, BreakerState state, Instant since, Instant retryAt, String reason,
                            int recentCalls, int recentFailures, int probesClaimed, int probeSuccesses,
                            long epoch, String changedBy, BreakerSettings settings) {
}
