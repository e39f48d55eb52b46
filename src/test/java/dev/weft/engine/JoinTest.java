package dev.weft.engine;

import dev.weft.engine.ExecutionEvent.*;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code join:} any, a quorum, and cancel_others. */
class JoinTest {

    static String racing(String join) {
        return """
                name: racing
                steps:
                  - { id: a, agent: w, retry: { max_attempts: 2, backoff: fixed, initial_interval: 5s }, on_error: continue }
                  - { id: b, agent: w, retry: { max_attempts: 1 }, on_error: continue }
                  - { id: c, agent: w, retry: { max_attempts: 1 }, on_error: continue }
                  - id: first
                    agent: w
                    depends_on: [a, b, c]
                    join: %s
                    input: { a: "{{ steps.a.output }}", b: "{{ steps.b.output }}" }
                  - { id: after_a, agent: w, depends_on: [a] }
                """.formatted(join);
    }

    @Test
    void joinAnyRunsAtTheFirstCompletedDependencyOnceAndLaterOnesAreRecordedOnly() {
        EngineScenario s = EngineScenario.given(racing("any")).started().succeeds("b", 1, "B");

        s.thenEvents(TaskCompleted.class, TaskDispatched.class).thenDispatched("first");
        Map<String, Object> seen = new java.util.HashMap<>();
        seen.put("a", null);
        seen.put("b", "B");
        assertThat(s.dispatchedInput("first")).as("a dependency still running reads as null").isEqualTo(seen);

        s.succeeds("a", 1, "A").thenEvents(TaskCompleted.class, TaskDispatched.class)
                .thenDispatched("after_a");
        s.succeeds("c", 1, "C").thenEvents(TaskCompleted.class);
        s.succeeds("first", 1, "F").succeeds("after_a", 1, "X").thenStatus(ExecutionStatus.COMPLETED);
        assertThat(s.state().step("first").attempt()).as("ran once").isEqualTo(1);
    }

    @Test
    void aQuorumWaitsForThatManyCompletedDependencies() {
        EngineScenario s = EngineScenario.given(racing("{ quorum: 2 }")).started().succeeds("c", 1, "C");
        s.thenEvents(TaskCompleted.class).thenStep("first", StepStatus.PENDING);

        s.succeeds("b", 1, "B").thenDispatched("first");
    }

    @Test
    void aQuorumThatFailuresMakeUnreachableBlocksTheStep() {
        EngineScenario s = EngineScenario.given(racing("{ quorum: 2 }")).started().fails("b", 1).fails("c", 1);

        StepSkipped skipped = s.events(StepSkipped.class).getFirst();
        assertThat(skipped.stepId()).isEqualTo("first");
        assertThat(skipped.reason()).isEqualTo("dependency 'b' failed (its join needs 2 of 3 dependencies)");
        assertThat(skipped.blocksDependents()).isTrue();
        s.thenStep("a", StepStatus.RUNNING); // the other dependency goes on
    }

    @Test
    void aQuorumThatBranchesMakeUnreachableIsADeadPath() {
        EngineScenario s = EngineScenario.given("""
                name: dead-quorum
                steps:
                  - { id: a, agent: w, when: "input.go" }
                  - { id: b, agent: w, when: "input.go" }
                  - { id: c, agent: w }
                  - { id: j, agent: w, depends_on: [a, b, c], join: { quorum: 2 } }
                """).startedWith(Map.of("go", false));

        s.thenStep("j", StepStatus.SKIPPED).thenDispatched("c");
        StepSkipped j = s.events(StepSkipped.class).getLast();
        assertThat(j.reason()).isEqualTo("dead path: too few dependencies can complete (its join needs 2 of 3 "
                + "dependencies)");
        assertThat(j.branch()).isTrue();
    }

    @Test
    void cancelOthersSkipsTheStillRunningDependenciesCancelsTheirTimersAndIgnoresTheirLateResults() {
        EngineScenario s = EngineScenario.given(racing("{ mode: any, cancel_others: true }")).started()
                .fails("a", 1).thenStep("a", StepStatus.RETRY_WAIT)
                .succeeds("b", 1, "B");

        s.thenEvents(TaskCompleted.class, StepSkipped.class, StepSkipped.class, StepSkipped.class,
                TaskDispatched.class);
        assertThat(s.events(StepSkipped.class)).extracting(StepSkipped::stepId).containsExactly("a", "c", "after_a");
        StepSkipped a = s.events(StepSkipped.class).getFirst();
        assertThat(a.reason()).isEqualTo("cancel_others: join 'first' had the dependencies it needs");
        assertThat(a.branch()).isTrue();
        assertThat(s.events(StepSkipped.class).getLast().reason())
                .as("what depends on a cancelled step is a dead path, not blocked")
                .startsWith("dead path");
        s.thenEffectsInclude(new Effect.CancelTimer(EngineScenario.timerId(TimerKind.RETRY_BACKOFF, "a", 2)),
                new Effect.CancelTimer(EngineScenario.timerId(TimerKind.TASK_DEADLINE, "c", 1)));

        s.succeeds("c", 1, "late").thenEvents(ResultIgnored.class);
        assertThat(s.event(ResultIgnored.class).reason()).isEqualTo("step already SKIPPED");
        s.after(Duration.ofSeconds(5)).timerFires(TimerKind.RETRY_BACKOFF, "a", 2).thenNothingHappens();

        s.succeeds("first", 1, "F").thenStatus(ExecutionStatus.COMPLETED);
    }

    @Test
    void cancelOthersAlsoEndsADependencyHeldByAnOpenCircuit() {
        EngineScenario s = EngineScenario.given("""
                name: held
                steps:
                  - { id: a, agent: w }
                  - { id: x, agent: w }
                  - { id: b, agent: w, depends_on: [x] }
                  - { id: j, agent: w, depends_on: [a, b], join: { mode: any, cancel_others: true } }
                """).started();
        s.circuitOpens().succeeds("x", 1, "X").thenStep("b", StepStatus.HELD);

        s.succeeds("a", 1, "A").thenStep("b", StepStatus.SKIPPED).thenStep("j", StepStatus.HELD);
        assertThat(s.events(StepSkipped.class)).extracting(StepSkipped::stepId).containsExactly("b");

        s.circuitCloses("w").thenDispatched("j");
        s.succeeds("j", 1, "J").thenStatus(ExecutionStatus.COMPLETED);
    }
}
