package dev.weft.store;

/**
 * How a dead letter was dealt with.
 *
 * @param status {@code REPLAYED} or {@code DISCARDED}
 */
public record DeadLetterResolution(long deadLetterId, String status, String note) {
}
