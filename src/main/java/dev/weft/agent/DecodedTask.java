package dev.weft.agent;

/** Outcome of reading a task message: a task, or the reason it is unusable. */
sealed interface DecodedTask {

    record Ok(AgentTask task) implements DecodedTask {
    }

    /** @param ref what could be identified, or null when not even the task id is known */
    record Bad(TaskRef ref, String reason) implements DecodedTask {
    }
}
