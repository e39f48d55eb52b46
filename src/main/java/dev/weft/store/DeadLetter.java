package dev.weft.store;

import java.time.Instant;
import java.util.Map;

/**
 * A message kept because it could not be used as it is, with what is known of the task it
 * belongs to (any of those may be null when the message did not say).
 *
 * @param source     where it came from, e.g. {@code results}
 * @param body       the body as received, cut to the stored bound; {@code bodyBytes} is its full size
 */
public record DeadLetter(Instant receivedAt, String source, String reason, Map<String, Object> properties,
                         String body, long bodyBytes, String tenant, String executionId, String stepId,
                         Integer attempt, String taskId) {
}
