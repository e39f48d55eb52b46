package dev.weft.engine;

import dev.weft.engine.Command.*;
import dev.weft.engine.ExecutionEvent.*;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static dev.weft.engine.EngineScenario.T0;
import static org.assertj.core.api.Assertions.assertThat;

class ExecutionEndTest {
    /** When it matters: a running, b waiting for its backoff, c pending behind a. */
    static final String THREE = """
            name: three
            limits: { timeout: 10m }
            steps:
              - { id: a, agent: w }
              - { id: b, agent: w, retry: { max_attempts: 2, initial_interval: 1m } }
              - { id: c, agent: w, depends_on: [a] }
            """;

    private static EngineScenario midway() {
        return EngineScenario.given(THREE).started().fails("b", 1)
                .thenStep("a", StepStatus.RUNNING).thenStep("b", StepStatus.RETRY_WAIT)
                .thenStep("c", StepStatus.PENDING);
    }

    @Test
    void theWorkflowDeadlineTimesTheExecutionOutAndCancelsOpenSteps() {
        EngineScenario s = midway().after(Duration.ofMinutes(10)).timerFires(TimerKind.WORKFLOW_DEADLINE, null, 0);

        s.thenEvents(ExecutionTimedOut.class).thenStatus(ExecutionStatus.TIMED_OUT)
                .thenEffectsInclude(new Effect.CancelAllTimers());
        assertThat(s.state().steps().values()).allMatch(step -> step.status() == StepStatus.CANCELLED);
        assertThat(s.state().error().type()).isEqualTo("workflow_timeout");
        assertThat(s.state().endedAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    }

    @Test
    void cancellingEndsTheExecutionWithTheReason() {
        EngineScenario s = midway().cancelled("user asked");

        s.thenEvents(ExecutionCancelled.class).thenStatus(ExecutionStatus.CANCELLED)
                .thenEffectsInclude(new Effect.CancelAllTimers());
        assertThat(s.state().error()).isEqualTo(ErrorInfo.of("cancelled", "user asked"));
        assertThat(s.state().steps().values()).allMatch(step -> step.status() == StepStatus.CANCELLED);
    }

    @Test
    void cancellingWithoutAReasonSaysItWasRequested() {
        EngineScenario s = midway().cancelled(" ");

        assertThat(s.event(ExecutionCancelled.class).reason()).isEqualTo("cancelled by request");
    }

    @Test
    void stepsThatAlreadyEndedKeepTheirStatusWhenTheExecutionEnds() {
        EngineScenario s = midway().succeeds("a", 1, "A").cancelled("stop");

        s.thenStep("a", StepStatus.COMPLETED).thenStep("b", StepStatus.CANCELLED).thenStep("c", StepStatus.CANCELLED);
        assertThat(s.step("a").output()).isEqualTo("A");
    }

    @Test
    void anEndedExecutionCannotBeCancelled() {
        midway().cancelled("once").rejects(new CancelExecution("twice"));
        midway().after(Duration.ofMinutes(10)).timerFires(TimerKind.WORKFLOW_DEADLINE, null, 0)
                .rejects(new CancelExecution("too late"));
        EngineScenario.given(THREE).started().succeeds("a", 1, "A").fails("b", 1).backoffEnds("b")
                .succeeds("b", 2, "B").succeeds("c", 1, "C").thenStatus(ExecutionStatus.COMPLETED)
                .rejects(new CancelExecution("done already"));
    }

    @Test
    void theTaskLimitFailsTheExecutionWhenAStepNeedsOneTaskMore() {
        EngineScenario s = EngineScenario.given("""
                name: limited
                limits: { max_tasks: 2 }
                steps:
                  - { id: a, agent: w }
                  - { id: b, agent: w, depends_on: [a] }
                  - { id: c, agent: w, depends_on: [b] }
                """).started().succeeds("a", 1, "A").succeeds("b", 1, "B");

        s.thenEvents(TaskCompleted.class, StepReady.class, ExecutionFailed.class).thenStatus(ExecutionStatus.FAILED)
                .thenStep("c", StepStatus.CANCELLED);
        assertThat(s.state().error().type()).isEqualTo("task_limit_exceeded");
        assertThat(s.state().tasksDispatched()).isEqualTo(2);
    }

    @Test
    void theTaskLimitTurnsAFailureThatWouldBeRetriedIntoAFinalOne() {
        EngineScenario s = EngineScenario.given("""
                name: limited
                limits: { max_tasks: 2 }
                steps:
                  - { id: a, agent: w }
                  - { id: b, agent: w, depends_on: [a], on_error: continue }
                """).started().succeeds("a", 1, "A").fails("b", 1);

        s.thenEvents(TaskFailed.class, StepFailed.class, EscalationRaised.class, ExecutionCompleted.class);
        assertThat(s.event(StepFailed.class).error().message()).endsWith("(task limit of 2 reached)");
    }

    @Test
    void commandsForAnExecutionThatNeverStartedAreRejected() {
        EngineScenario s = EngineScenario.given(THREE);

        s.rejects(new CancelExecution("nothing to cancel"))
                .rejects(new FireTimer(TimerKind.WORKFLOW_DEADLINE, null, 0))
                .rejects(new RecordTaskResult("a", 1, "agent-1", true, "A", null));
        assertThat(s.state()).isEqualTo(ExecutionState.EMPTY);
    }
}
