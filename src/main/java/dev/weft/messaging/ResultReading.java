package dev.weft.messaging;

import dev.weft.engine.TaskIds.TaskRef;

/** What a result message turned out to be, before it meets its execution. */
sealed interface ResultReading {

    /** A well-formed result that names its tenant. */
    record Readable(ResultMessage result, String tenant) implements ResultReading {
    }

    /** Not a result: an agent says it started the task (status {@code started}). */
    record StartNotice(TaskRef task, String tenant, String agentId) implements ResultReading {
    }

    /**
     * A result that cannot be used as it is. When the task it answers is known, that attempt fails
     * with {@code errorType} (its retry policy decides what follows); it is kept as a dead letter
     * in any case.
     *
     * @param task   the task it answers, or null when nothing in the message says
     * @param tenant the tenant it names, or null
     */
    record Rejected(String errorType, String reason, TaskRef task, String tenant, String agentId)
            implements ResultReading {
    }
}
