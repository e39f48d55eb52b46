package dev.weft.agent;

/**
 * What a result message must carry to be matched to its attempt. Built from a decoded task, or
 * salvaged from message properties when the body could not be read.
 */
record TaskRef(String taskId, String executionId, String stepId, int attempt, String tenant, String traceparent,
               String deployment) {

    /** @param deployment the task's {@code weft-deployment} property, copied onto the result; may be null */
    static TaskRef of(AgentTask task, String deployment) {
        return new TaskRef(task.taskId(), task.executionId(), task.stepId(), task.attempt(), task.tenant(),
                task.traceparent(), deployment);
    }
}
