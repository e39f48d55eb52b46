package dev.weft.store;

import java.time.Instant;

/**
 * A dead letter as stored, with how it was dealt with.
 *
 * @param status     OPEN, REPLAYED or DISCARDED
 * @param resolvedAt when it was replayed or discarded, or null
 */
public record StoredDeadLetter(long id, DeadLetter letter, String status, Instant resolvedAt, String resolution) {
}
