package dev.weft.store;

/**
 * What to list; null fields match anything.
 *
 * @param beforeId page after this id (newest first), or null for the first page
 */
public record DeadLetterQuery(String tenant, String executionId, String source, String status, Long beforeId,
                              int pageSize) {
}
