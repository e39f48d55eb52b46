package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.ExecutionEvent.RoundEnded;
import dev.weft.engine.ExecutionEvent.RoundStarted;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** loop: rounds of a body until a condition holds or the bound is reached; every round stays in the history. */
class LoopTest {
    static final String REVIEW_LOOP = """
            name: review-loop
            steps:
              - id: refine
                loop:
                  max_iterations: 3
                  until: "steps.review.output.approved"
                  steps:
                    - id: write
                      agent: writer
                      input:
                        round: "{{ round }}"
                        feedback: "{{ round > 1 ? previous.review.output.comments : '' }}"
                    - { id: review, agent: reviewer, depends_on: [write], input: { text: "{{ steps.write.output }}" } }
              - { id: publish, agent: publisher, depends_on: [refine], input: { final: "{{ steps.refine.output }}" } }
            """;

    @Test
    void aRoundRunsAgainWithThePreviousRoundInScopeUntilTheConditionHolds() {
        EngineScenario s = EngineScenario.given(REVIEW_LOOP).started();

        assertThat(s.event(RoundStarted.class).round()).isEqualTo(1);
        s.thenDispatched("refine.write");
        assertThat(s.dispatchedInput("refine.write")).isEqualTo(Map.of("round", 1L, "feedback", ""));
        s.succeeds("refine.write", 1, "draft 1").thenDispatched("refine.review");
        s.succeeds("refine.review", 1, Map.of("approved", false, "comments", "shorter"));

        RoundEnded first = s.event(RoundEnded.class);
        assertThat(first.value()).isEqualTo(false);
        assertThat(first.outcome()).isEqualTo(RoundEnded.AGAIN);
        s.thenDispatched("refine#2.write");
        assertThat(s.dispatchedInput("refine#2.write")).isEqualTo(Map.of("round", 2L, "feedback", "shorter"));

        s.succeeds("refine#2.write", 1, "draft 2")
                .succeeds("refine#2.review", 1, Map.of("approved", true, "comments", "good"));

        assertThat(s.event(RoundEnded.class).outcome()).isEqualTo(RoundEnded.UNTIL);
        s.thenStep("refine", StepStatus.COMPLETED).thenDispatched("publish");
        assertThat(s.dispatchedInput("publish"))
                .isEqualTo(Map.of("final", Map.of("approved", true, "comments", "good")));
        assertThat(s.state().steps().keySet()).containsExactly("refine", "publish", "refine.write", "refine.review",
                "refine#2.write", "refine#2.review");
        assertThat(s.step("refine.review").output()).isEqualTo(Map.of("approved", false, "comments", "shorter"));
    }

    @Test
    void theBoundEndsTheLoopWithTheLastRoundsOutput() {
        EngineScenario s = EngineScenario.given(REVIEW_LOOP).started();
        for (int r = 1; r <= 3; r++) {
            String scope = TaskIds.round("refine", r);
            s.succeeds(scope + ".write", 1, "draft " + r)
                    .succeeds(scope + ".review", 1, Map.of("approved", false, "comments", "no " + r));
        }

        assertThat(s.event(RoundEnded.class).outcome()).isEqualTo(RoundEnded.MAX_ITERATIONS);
        assertThat(s.step("refine").output()).isEqualTo(Map.of("approved", false, "comments", "no 3"));
        s.thenStep("refine", StepStatus.COMPLETED).thenDispatched("publish");
    }

    @Test
    void aConditionThatIsNotABoolFailsTheLoop() {
        EngineScenario s = EngineScenario.given("""
                name: bad-until
                steps:
                  - id: l
                    loop: { max_iterations: 2, until: "steps.a.output", steps: [ { id: a, agent: w } ] }
                """).started().succeeds("l.a", 1, "yes");

        s.thenStatus(ExecutionStatus.FAILED);
        assertThat(s.step("l").error().message()).contains("steps.l.loop.until: expected the condition");
    }

    @Test
    void aLoopInsideAForeachNamesEachRoundOfEachItem() {
        EngineScenario s = EngineScenario.given("""
                name: nested
                steps:
                  - id: each
                    foreach:
                      items: "{{ input.parts }}"
                      steps:
                        - id: polish
                          loop:
                            max_iterations: 2
                            until: "steps.try.output == 'done'"
                            steps: [ { id: try, agent: w, input: { part: "{{ item }}", round: "{{ round }}" } } ]
                """).startedWith(Map.of("parts", List.of("p", "q")));

        s.thenDispatched("each[0].polish.try", "each[1].polish.try");
        assertThat(s.dispatchedInput("each[1].polish.try")).isEqualTo(Map.of("part", "q", "round", 1L));
        s.succeeds("each[0].polish.try", 1, "again").thenDispatched("each[0].polish#2.try");
        assertThat(s.dispatchedInput("each[0].polish#2.try")).isEqualTo(Map.of("part", "p", "round", 2L));
        s.succeeds("each[0].polish#2.try", 1, "done").succeeds("each[1].polish.try", 1, "done");

        s.thenStatus(ExecutionStatus.COMPLETED);
        assertThat(s.step("each").output()).isEqualTo(List.of("done", "done"));
    }

    @Test
    void aFailedStepInARoundFailsTheLoopAndTheExecution() {
        EngineScenario s = EngineScenario.given(REVIEW_LOOP).started().fails("refine.write", 1,
                new ErrorInfo("bad_input", "no", false));

        s.thenStatus(ExecutionStatus.FAILED).thenStep("refine", StepStatus.FAILED);
        assertThat(s.state().error().message()).isEqualTo("step 'refine' failed: step 'refine.write' failed: no "
                + "(not retryable)");
    }
}
