package dev.weft.engine;

import dev.weft.engine.ExecutionEvent.*;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Expressions fail deterministically: retrying cannot help, so they never retry. */
class ExpressionErrorTest {

    private static String workflow(String onError) {
        return """
                name: exprs
                steps:
                  - id: a
                    agent: w
                  - id: b
                    agent: w
                    depends_on: [a]
                    input: { v: "{{ steps.a.output.missing }}" }
                    retry: { max_attempts: 5 }
                    on_error: %s
                  - id: c
                    agent: w
                    depends_on: [b]
                """.formatted(onError);
    }

    @Test
    void anInputExpressionErrorFailsTheStepWithoutRetryOrDispatch() {
        EngineScenario s = EngineScenario.given(workflow("fail")).started().succeeds("a", 1, Map.of("k", 1L));

        s.thenEvents(TaskCompleted.class, StepReady.class, StepFailed.class, EscalationRaised.class, ExecutionFailed.class)
                .thenDispatched().thenStatus(ExecutionStatus.FAILED);
        ErrorInfo error = s.event(StepFailed.class).error();
        assertThat(error.type()).isEqualTo("expression_error");
        assertThat(error.retryable()).isFalse();
        assertThat(error.message()).startsWith("steps.b.input: ").contains("missing");
        assertThat(s.step("b").attempt()).isZero();
        assertThat(s.state().tasksDispatched()).isEqualTo(1);
        assertThat(s.state().error().type()).isEqualTo("expression_error");
    }

    @Test
    void anInputExpressionErrorUnderOnErrorSkipLetsDependentsRun() {
        EngineScenario s = EngineScenario.given(workflow("skip")).started().succeeds("a", 1, Map.of("k", 1L));

        s.thenEvents(TaskCompleted.class, StepReady.class, StepSkipped.class, EscalationRaised.class,
                TaskDispatched.class)
                .thenDispatched("c").thenStep("b", StepStatus.SKIPPED);
        assertThat(s.event(StepSkipped.class).reason()).startsWith("on_error skip: expression_error");
    }

    @Test
    void anInputExpressionErrorUnderOnErrorContinueSkipsDependents() {
        EngineScenario s = EngineScenario.given(workflow("continue")).started().succeeds("a", 1, Map.of("k", 1L));

        s.thenEvents(TaskCompleted.class, StepReady.class, StepFailed.class, EscalationRaised.class,
                StepSkipped.class, ExecutionCompleted.class).thenStep("c", StepStatus.SKIPPED);
    }

    @Test
    void aFirstStepWithABrokenInputFailsTheExecutionInTheStartDecision() {
        EngineScenario s = EngineScenario.given("""
                name: broken
                steps: [ { id: a, agent: w, input: "{{ input.nothing.here }}" } ]
                """).startedWith(Map.of("x", 1L));

        s.thenEvents(ExecutionStarted.class, StepReady.class, StepFailed.class, EscalationRaised.class,
                ExecutionFailed.class)
                .thenStatus(ExecutionStatus.FAILED);
    }

    @Test
    void anOutputExpressionErrorFailsTheExecution() {
        EngineScenario s = EngineScenario.given("""
                name: bad-output
                steps: [ { id: a, agent: w } ]
                output: "{{ steps.a.output.size + 1 }}"
                """).started().succeeds("a", 1, Map.of("k", 1L));

        s.thenEvents(TaskCompleted.class, ExecutionFailed.class).thenStatus(ExecutionStatus.FAILED)
                .thenStep("a", StepStatus.COMPLETED);
        assertThat(s.state().error().type()).isEqualTo("expression_error");
        assertThat(s.state().error().message()).startsWith("output: ");
        assertThat(s.state().output()).isNull();
    }
}
