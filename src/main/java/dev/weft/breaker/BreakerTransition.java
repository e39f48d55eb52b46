package dev.weft.breaker;

import java.time.Instant;

/**
 * A change of a capability's breaker state, as the shared table recorded it.
 *
 * @param at        when it changed (the clock of the replica that changed it)
 * @param epoch     the table's epoch after the change: one per transition, the same on every replica
 * @param changedBy the replica that made it
 * @param local     true on the replica that made it, false where it was learnt from the table
 */
public record BreakerTransition(String capability, BreakerState from, BreakerState to, Instant at, String reason,
                                long epoch, String changedBy, boolean local) {
}
