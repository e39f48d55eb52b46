package dev.weft.runtime;

import dev.weft.engine.ErrorInfo;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A child execution ended (ADR 0009): the result of its parent step's attempt, kept in the outbox
 * until the parent recorded it. A second delivery is a duplicate result, which the parent ignores.
 *
 * @param parentTaskId the task id of the parent step's attempt the child ran as
 * @param succeeded    true: {@code output} is the child's output; false: {@code error} says how it ended
 */
@RegisterForReflection
public record ChildEndMessage(String parentExecutionId, String parentTaskId, String childExecutionId,
                              boolean succeeded, Object output, ErrorInfo error) {
}
