package dev.weft.engine;

import dev.weft.engine.ExecutionEvent.*;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FanOutFanInTest {
    static final String FAN = """
            name: fan
            steps:
              - id: split
                agent: split
              - id: a
                agent: work
                depends_on: [split]
                input: { part: "{{ steps.split.output.parts[0] }}" }
              - id: b
                agent: work
                depends_on: [split]
                input: { part: "{{ steps.split.output.parts[1] }}" }
              - id: c
                agent: work
                depends_on: [split]
                input: { part: "{{ steps.split.output.parts[2] }}" }
              - id: join
                agent: join
                depends_on: [a, b, c]
                input: ["{{ steps.a.output }}", "{{ steps.b.output }}", "{{ steps.c.output }}"]
            output: "{{ steps.join.output }}"
            """;

    /** b2 depends only on b; a is slow. Level by level would hold b2 back until a ends. */
    static final String DIAMOND = """
            name: diamond
            steps:
              - id: root
                agent: work
              - id: a
                agent: slow
                depends_on: [root]
              - id: b
                agent: fast
                depends_on: [root]
              - id: b2
                agent: fast
                depends_on: [b]
                input: "{{ steps.b.output }}"
              - id: join
                agent: join
                depends_on: [a, b2]
                input: { a: "{{ steps.a.output }}", b2: "{{ steps.b2.output }}" }
            output: "{{ steps.join.output }}"
            """;

    @Test
    void fanOutDispatchesEveryBranchInOneDecisionInDefinitionOrder() {
        EngineScenario s = EngineScenario.given(FAN).started()
                .succeeds("split", 1, Map.of("parts", List.of("x", "y", "z")));

        s.thenEvents(TaskCompleted.class, TaskDispatched.class, TaskDispatched.class, TaskDispatched.class)
                .thenDispatched("a", "b", "c");
        assertThat(s.dispatchedInput("a")).isEqualTo(Map.of("part", "x"));
        assertThat(s.dispatchedInput("c")).isEqualTo(Map.of("part", "z"));
    }

    @Test
    void joinWaitsForEveryBranchAndStartsTheMomentTheLastOneEnds() {
        EngineScenario s = EngineScenario.given(FAN).started()
                .succeeds("split", 1, Map.of("parts", List.of("x", "y", "z")))
                .succeeds("c", 1, "Z");
        s.thenEvents(TaskCompleted.class).thenStep("join", StepStatus.PENDING);

        s.succeeds("a", 1, "X");
        s.thenEvents(TaskCompleted.class).thenStep("join", StepStatus.PENDING);

        s.after(Duration.ofSeconds(7)).succeeds("b", 1, "Y");
        s.thenEvents(TaskCompleted.class, TaskDispatched.class).thenDispatched("join");
        assertThat(s.dispatchedInput("join")).isEqualTo(List.of("X", "Y", "Z"));
        assertThat(s.step("join").readyAt()).isEqualTo(s.now());

        s.succeeds("join", 1, "XYZ").thenStatus(ExecutionStatus.COMPLETED);
        assertThat(s.state().output()).isEqualTo("XYZ");
    }

    @Test
    void aSlowBranchDoesNotDelayTheDependentOfAnUnrelatedBranch() {
        EngineScenario s = EngineScenario.given(DIAMOND).started().succeeds("root", 1, "r");
        s.thenDispatched("a", "b");

        s.after(Duration.ofSeconds(1)).succeeds("b", 1, "B");
        // a (same level as b) is still running, yet b2 goes out at once.
        s.thenEvents(TaskCompleted.class, TaskDispatched.class).thenDispatched("b2")
                .thenStep("a", StepStatus.RUNNING);
        assertThat(s.dispatchedInput("b2")).isEqualTo("B");

        s.after(Duration.ofSeconds(1)).succeeds("b2", 1, "B2");
        s.thenEvents(TaskCompleted.class).thenStep("join", StepStatus.PENDING);

        s.after(Duration.ofMinutes(5)).succeeds("a", 1, "A");
        s.thenEvents(TaskCompleted.class, TaskDispatched.class).thenDispatched("join");
        assertThat(s.dispatchedInput("join")).isEqualTo(Map.of("a", "A", "b2", "B2"));
    }

    @Test
    void theJoinAlsoStartsWhenTheSlowBranchIsTheFirstToEnd() {
        EngineScenario s = EngineScenario.given(DIAMOND).started().succeeds("root", 1, "r")
                .succeeds("a", 1, "A");
        s.thenEvents(TaskCompleted.class).thenStep("join", StepStatus.PENDING);

        s.succeeds("b", 1, "B").thenDispatched("b2");
        s.succeeds("b2", 1, "B2").thenDispatched("join");
    }
}
