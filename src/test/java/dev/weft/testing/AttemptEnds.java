package dev.weft.testing;

import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.TaskIds;
import java.util.List;

/**
 * Which dispatched attempts need not have reached an agent (ADR 0016): a task message is sent
 * until the broker takes it or its attempt is over, so a message that was still unsent (the
 * broker was down, the replica that held it died) when its attempt ended is never sent. The
 * simulation and the fault suite exempt those from "every dispatched task reached an agent".
 */
public final class AttemptEnds {
    private AttemptEnds() {
    }

    /**
     * Whether the attempt of {@code taskId}, by the events after its dispatch, was over before it
     * had a result of its own: it timed out, a result of another attempt ended its step (a late
     * one: the first result wins), the step was skipped, failed or reset, or its execution ended. A task lost for good still shows where
     * steps have long timeouts: its execution is stuck at the end.
     */
    public static boolean overWithoutOwnResult(List<ExecutionEvent> after, String taskId) {
        var self = TaskIds.parse(taskId).orElseThrow();
        for (ExecutionEvent e : after) {
            switch (e) {
                case ExecutionEvent.TaskCompleted c when c.stepId().equals(self.stepId()) -> {
                    return !c.taskId().equals(taskId);
                }
                case ExecutionEvent.TaskFailed f when f.stepId().equals(self.stepId()) && f.taskId().equals(taskId) -> {
                    return false;
                }
                case ExecutionEvent.TaskTimedOut t when t.taskId().equals(taskId) -> {
                    return true;
                }
                // The step was skipped (a branch not taken), failed or reset while the task was out.
                case ExecutionEvent.StepSkipped x when self.stepId().equals(x.stepId()) -> {
                    return true;
                }
                case ExecutionEvent.StepFailed x when self.stepId().equals(x.stepId()) -> {
                    return true;
                }
                case ExecutionEvent.StepReset x when self.stepId().equals(x.stepId()) -> {
                    return true;
                }
                case ExecutionEvent.ExecutionCancelled c -> {
                    return true;
                }
                case ExecutionEvent.ExecutionTimedOut t -> {
                    return true;
                }
                case ExecutionEvent.ExecutionFailed f -> {
                    return true;
                }
                default -> { }
            }
        }
        return false;
    }
}
