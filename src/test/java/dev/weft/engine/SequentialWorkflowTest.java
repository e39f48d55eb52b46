package dev.weft.engine;

import dev.weft.engine.Command.StartExecution;
import dev.weft.engine.ExecutionEvent.*;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static dev.weft.engine.EngineScenario.T0;
import static dev.weft.engine.EngineScenario.timerId;
import static org.assertj.core.api.Assertions.assertThat;

class SequentialWorkflowTest {
    static final String CHAIN = """
            name: chain
            limits: { timeout: 1h }
            steps:
              - id: a
                agent: upper
                input: { text: "{{ input.text }}" }
                timeout: 30s
              - id: b
                agent: count
                depends_on: [a]
                input: { text: "{{ steps.a.output.text }}", suffix: "{{ input.text }}!" }
              - id: c
                agent: wrap
                depends_on: [b]
                input: { n: "{{ steps.b.output.n * 2 }}", from: "{{ steps.a.output.text }}" }
            output:
              text: "{{ steps.a.output.text }}"
              doubled: "{{ steps.c.output.n }}"
            """;

    @Test
    void startDispatchesOnlyTheStepWithoutDependenciesAndArmsTheWorkflowDeadline() {
        EngineScenario s = EngineScenario.given(CHAIN).startedWith(Map.of("text", "hi"));

        s.thenEvents(ExecutionStarted.class, TaskDispatched.class)
                .thenDispatched("a")
                .thenStep("b", StepStatus.PENDING).thenStep("c", StepStatus.PENDING)
                .thenStatus(ExecutionStatus.RUNNING);
        assertThat(s.event(ExecutionStarted.class).deadline()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(s.dispatchedInput("a")).isEqualTo(Map.of("text", "hi"));
        s.thenEffectsInclude(
                new Effect.StartTimer(timerId(TimerKind.WORKFLOW_DEADLINE, null, 0), TimerKind.WORKFLOW_DEADLINE,
                        null, 0, T0.plus(Duration.ofHours(1))),
                new Effect.DispatchTask("ex-1:a:1", "a", 1, "upper", Map.of("text", "hi"), "ex-1:a", T0,
                        T0.plusSeconds(30), null),
                new Effect.StartTimer(timerId(TimerKind.TASK_DEADLINE, "a", 1), TimerKind.TASK_DEADLINE, "a", 1,
                        T0.plusSeconds(30)));
    }

    @Test
    void eachStepSeesTheOutputsOfTheStepsBeforeIt() {
        EngineScenario s = EngineScenario.given(CHAIN).startedWith(Map.of("text", "hi"));

        s.after(Duration.ofSeconds(2)).succeeds("a", 1, Map.of("text", "HI"));
        s.thenEvents(TaskCompleted.class, TaskDispatched.class).thenDispatched("b")
                .thenEffectsInclude(new Effect.CancelTimer(timerId(TimerKind.TASK_DEADLINE, "a", 1)));
        assertThat(s.dispatchedInput("b")).isEqualTo(Map.of("text", "HI", "suffix", "hi!"));
        assertThat(s.step("a").output()).isEqualTo(Map.of("text", "HI"));

        s.succeeds("b", 1, Map.of("n", 2L));
        s.thenDispatched("c");
        assertThat(s.dispatchedInput("c")).isEqualTo(Map.of("n", 4L, "from", "HI"));
    }

    @Test
    void theLastStepEndingCompletesTheExecutionWithItsOutput() {
        EngineScenario s = EngineScenario.given(CHAIN).startedWith(Map.of("text", "hi"))
                .succeeds("a", 1, Map.of("text", "HI"))
                .succeeds("b", 1, Map.of("n", 2L))
                .after(Duration.ofMinutes(1))
                .succeeds("c", 1, Map.of("n", 4L));

        s.thenEvents(TaskCompleted.class, ExecutionCompleted.class)
                .thenStatus(ExecutionStatus.COMPLETED)
                .thenEffectsInclude(new Effect.CancelAllTimers());
        assertThat(s.state().output()).isEqualTo(Map.of("text", "HI", "doubled", 4L));
        assertThat(s.state().endedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(s.state().steps().values()).allMatch(step -> step.status() == StepStatus.COMPLETED);
        assertThat(s.state().tasksDispatched()).isEqualTo(3);
    }

    @Test
    void stepStateRecordsAttemptTaskAndTimes() {
        EngineScenario s = EngineScenario.given(CHAIN).startedWith(Map.of("text", "hi"))
                .after(Duration.ofSeconds(5)).succeeds("a", 1, Map.of("text", "HI"));

        StepState a = s.step("a");
        assertThat(a.attempt()).isEqualTo(1);
        assertThat(a.taskId()).isEqualTo("ex-1:a:1");
        assertThat(a.agentId()).isEqualTo("agent-1");
        assertThat(a.startedAt()).isEqualTo(T0);
        assertThat(a.endedAt()).isEqualTo(T0.plusSeconds(5));
        StepState b = s.step("b");
        assertThat(b.readyAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(b.deadline()).isEqualTo(T0.plusSeconds(5).plus(Duration.ofHours(1)));
    }

    @Test
    void startingAnExecutionTwiceIsRejected() {
        EngineScenario.given(CHAIN).startedWith(Map.of("text", "hi"))
                .rejects(new StartExecution("ex-1", "tenant-1", Map.of(), "request-2"));
    }
}
