package dev.weft.engine;

/** The timers an open step instance holds, cancelled when something else ends it (a join, its foreach). */
final class StepTimers {
    private StepTimers() {
    }

    static void cancel(DecisionBuilder d, String instance, StepState s) {
        String executionId = d.state().executionId();
        if (s.status() == StepStatus.RUNNING && s.taskId() == null) {
            // Asleep, waiting for an event or a decision (until its timeout), or a foreach or loop (no timer).
            var kind = d.blueprint.definitionOf(instance).kind();
            if (s.deadline() != null && kind instanceof dev.weft.definition.StepKind.Sleep) {
                d.effect(new Effect.CancelTimer(TaskIds.timerId(executionId, TimerKind.SLEEP, instance, 0)));
            } else if (s.deadline() != null) {
                d.effect(new Effect.CancelTimer(TaskIds.timerId(executionId, TimerKind.WAIT_TIMEOUT, instance,
                        s.attempt())));
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
