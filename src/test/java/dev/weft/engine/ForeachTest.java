package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.ExecutionEvent.ItemsExpanded;
import dev.weft.engine.ExecutionEvent.StepEvaluated;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** foreach: one scope per item, instances named by item, items started in order inside a window. */
class ForeachTest {
    static final String PER_ITEM = """
            name: per-item
            steps:
              - id: each
                foreach: { items: "{{ input.docs }}", agent: summarizer, max_parallel: 2 }
                input: { doc: "{{ item }}", n: "{{ index }}" }
              - { id: after, agent: w, depends_on: [each], input: { all: "{{ steps.each.output }}" } }
            """;

    @Test
    void theAgentFormSendsOneTaskPerItemInsideItsWindowAndCollectsTheOutputsInItemOrder() {
        EngineScenario s = EngineScenario.given(PER_ITEM).startedWith(Map.of("docs", List.of("a", "b", "c")));

        assertThat(s.event(ItemsExpanded.class).items()).containsExactly("a", "b", "c");
        s.thenStep("each", StepStatus.RUNNING).thenDispatched("each[0]", "each[1]");
        assertThat(s.dispatchedInput("each[1]")).isEqualTo(Map.of("doc", "b", "n", 1L));
        assertThat(s.effects(Effect.DispatchTask.class).getFirst().taskId()).isEqualTo("ex-1:each[0]:1");

        s.succeeds("each[1]", 1, "B").thenDispatched("each[2]");
        s.succeeds("each[2]", 1, "C").thenDispatched();
        s.succeeds("each[0]", 1, "A");

        assertThat(s.event(StepEvaluated.class).output()).isEqualTo(List.of("A", "B", "C"));
        s.thenStep("each", StepStatus.COMPLETED).thenDispatched("after");
        assertThat(s.dispatchedInput("after")).isEqualTo(Map.of("all", List.of("A", "B", "C")));
    }

    @Test
    void aResultForOneItemIsNotADuplicateOfAnotherItemsResult() {
        EngineScenario s = EngineScenario.given(PER_ITEM).startedWith(Map.of("docs", List.of("a", "b")))
                .succeeds("each[0]", 1, "A").succeeds("each[1]", 1, "B");

        s.thenStep("each", StepStatus.COMPLETED);
        assertThat(s.state().steps().keySet()).containsExactly("each", "after", "each[0]", "each[1]");
        s.succeeds("each[1]", 1, "B").thenEvents(ExecutionEvent.ResultIgnored.class);
    }

    @Test
    void aBodyRunsAsASubDagPerItemAndSequentialModeRunsOneItemAtATime() {
        EngineScenario s = EngineScenario.given("""
                name: sections
                steps:
                  - id: per_section
                    foreach:
                      items: "{{ input.sections }}"
                      mode: sequential
                      steps:
                        - { id: draft, agent: writer, input: { title: "{{ item.title }}" } }
                        - { id: review, agent: reviewer, depends_on: [draft],
                            input: { text: "{{ steps.draft.output }}", section: "{{ index }}" } }
                """).startedWith(Map.of("sections", List.of(Map.of("title", "Intro"), Map.of("title", "End"))));

        s.thenDispatched("per_section[0].draft");
        assertThat(s.dispatchedInput("per_section[0].draft")).isEqualTo(Map.of("title", "Intro"));
        s.succeeds("per_section[0].draft", 1, "intro text").thenDispatched("per_section[0].review");
        assertThat(s.dispatchedInput("per_section[0].review"))
                .isEqualTo(Map.of("text", "intro text", "section", 0L));
        s.succeeds("per_section[0].review", 1, "ok 0").thenDispatched("per_section[1].draft");
        s.succeeds("per_section[1].draft", 1, "end text").succeeds("per_section[1].review", 1, "ok 1");

        s.thenStatus(ExecutionStatus.COMPLETED);
        assertThat(s.step("per_section").output()).isEqualTo(List.of("ok 0", "ok 1"));
    }

    @Test
    void anItemThatFailsForGoodFailsTheForeachAndTheItemsStillOpenEndWithIt() {
        EngineScenario s = EngineScenario.given("""
                name: strict
                steps:
                  - id: each
                    foreach: { items: "{{ input.docs }}", agent: summarizer }
                    retry: { max_attempts: 1 }
                """).startedWith(Map.of("docs", List.of("a", "b", "c")))
                .fails("each[1]", 1);

        s.thenStatus(ExecutionStatus.FAILED).thenStep("each", StepStatus.FAILED).thenStep("each[1]", StepStatus.FAILED)
                .thenStep("each[0]", StepStatus.SKIPPED).thenStep("each[2]", StepStatus.SKIPPED);
        assertThat(s.state().error().message()).contains("step 'each[1]' failed");
        assertThat(s.effects(Effect.CancelTimer.class)).map(Effect.CancelTimer::timerId)
                .contains(EngineScenario.timerId(TimerKind.TASK_DEADLINE, "each[0]", 1));
    }

    @Test
    void onErrorSkipLeavesAFailedItemOutAsNull() {
        EngineScenario s = EngineScenario.given("""
                name: lenient
                steps:
                  - id: each
                    foreach: { items: "{{ input.docs }}", agent: summarizer }
                    retry: { max_attempts: 1 }
                    on_error: skip
                """).startedWith(Map.of("docs", List.of("a", "b")))
                .fails("each[0]", 1).succeeds("each[1]", 1, "B");

        s.thenStatus(ExecutionStatus.COMPLETED);
        assertThat(s.step("each").output()).isEqualTo(Arrays.asList(null, "B"));
    }

    @Test
    void noItemsCompleteAtOnceWithAnEmptyList() {
        EngineScenario s = EngineScenario.given(PER_ITEM).startedWith(Map.of("docs", List.of()));

        s.thenStep("each", StepStatus.COMPLETED).thenDispatched("after");
        assertThat(s.step("each").output()).isEqualTo(List.of());
    }

    @Test
    void moreItemsThanMaxItemsFailTheStepNamingBoth() {
        EngineScenario s = EngineScenario.given("""
                name: bounded
                steps:
                  - id: each
                    foreach: { items: "{{ input.docs }}", agent: summarizer, max_items: 2 }
                """).startedWith(Map.of("docs", List.of("a", "b", "c")));

        s.thenStatus(ExecutionStatus.FAILED);
        assertThat(s.step("each").error().type()).isEqualTo("too_many_items");
        assertThat(s.step("each").error().message()).contains("3 items, more than max_items 2");
    }

    @Test
    void itemsThatAreNotAListFailTheStepSayingWhatTheyAre() {
        EngineScenario s = EngineScenario.given(PER_ITEM).startedWith(Map.of("docs", "abc"));

        assertThat(s.step("each").error().message())
                .isEqualTo("steps.each.foreach.items: expected a list, but got a string ('abc')");
    }

    @Test
    void aStepInsideABodyReadsTheTopLevelStepsAndItsOwnScope() {
        EngineScenario s = EngineScenario.given("""
                name: scoped
                steps:
                  - { id: plan, agent: planner }
                  - id: each
                    depends_on: [plan]
                    foreach:
                      items: "{{ steps.plan.output.parts }}"
                      output: "{{ steps.write.output + '!' }}"
                      steps:
                        - { id: write, agent: writer, input: { part: "{{ item }}", style: "{{ steps.plan.output.style }}" } }
                """).started().succeeds("plan", 1, Map.of("parts", List.of("x"), "style", "terse"));

        assertThat(s.dispatchedInput("each[0].write")).isEqualTo(Map.of("part", "x", "style", "terse"));
        s.succeeds("each[0].write", 1, "X");
        assertThat(s.step("each").output()).isEqualTo(List.of("X!"));
    }
}
