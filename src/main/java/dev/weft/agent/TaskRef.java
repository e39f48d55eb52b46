package dev.weft.agent;

/**
 * What a result message must carry to be matched to its attempt. Built from a decoded task, or
 * salvaged from message properties when the body could not be read.
 */
record TaskRef(String taskId, String executionId, String stepId, int attempt, String tenant, String traceparent) {

    static TaskRef of(AgentTask task) {
        return new TaskRef(task.taskId(), task.executionId(), task.stepId(), task.attempt(), task.tenant(),
                task.traceparent());
    }
}
