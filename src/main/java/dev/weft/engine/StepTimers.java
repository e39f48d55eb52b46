package dev.weft.engine;

/** The timers an open step instance holds, cancelled when something else ends it (a join, its foreach). */
final class StepTimers {
    private StepTimers() {
    }

    static void cancel(DecisionBuilder d, String instance, StepState s) {
        String executionId = d.state().executionId();
        if (s.status() == StepStatus.RUNNING && s.taskId() == null) {
            if (s.deadline() != null) {
                d.effect(new Effect.CancelTimer(TaskIds.timerId(executionId, TimerKind.SLEEP, instance, 0))); // asleep
            }
        } else if (s.status() == StepStatus.RUNNING) {
            ResultRules.cancelQueueDeadline(d, s);
            d.effect(new Effect.CancelTimer(TaskIds.timerId(executionId, TimerKind.TASK_DEADLINE, instance,
                    s.attempt())));
        } else if (s.status() == StepStatus.RETRY_WAIT) {
            d.effect(new Effect.CancelTimer(TaskIds.timerId(executionId, TimerKind.RETRY_BACKOFF, instance,
                    s.attempt() + 1)));
        }
    }
}
