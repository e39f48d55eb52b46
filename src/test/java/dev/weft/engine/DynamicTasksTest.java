package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.ExecutionEvent.TasksPlanned;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** dynamic: task specs an earlier step produced run as instances with their own sequencing (ADR 0011). */
class DynamicTasksTest {
    static final String PLANNED = """
            name: planned
            steps:
              - { id: plan, agent: planner, input: { goal: "a report" } }
              - id: work
                depends_on: [plan]
                dynamic: { tasks: "{{ steps.plan.output.tasks }}", max_tasks: 5 }
                retry: { max_attempts: 2, initial_interval: 1s }
              - { id: report, agent: writer, depends_on: [work], input: { all: "{{ steps.work.output }}" } }
            """;

    static Map<String, Object> spec(String id, String agent, Object input, String... dependsOn) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (id != null) {
            m.put("id", id);
        }
        m.put("agent", agent);
        m.put("input", input);
        if (dependsOn.length > 0) {
            m.put("depends_on", List.of(dependsOn));
        }
        return m;
    }

    @Test
    void plannedTasksRunAfterTheirDependenciesWithTheirInputAsDataAndTheOutputIsByTaskId() {
        EngineScenario s = EngineScenario.given(PLANNED).started();
        s.succeeds("plan", 1, Map.of("tasks", List.of(
                spec("search", "web-search", Map.of("q", "{{ input.goal }}")),
                spec(null, "summarizer", Map.of("n", 1)),
                spec("merge", "writer", Map.of(), "search", "t1"))));

        TasksPlanned planned = s.event(TasksPlanned.class);
        assertThat(planned.tasks()).extracting(t -> t.get("id")).containsExactly("search", "t1", "merge");
        s.thenDispatched("work.search", "work.t1");
        assertThat(s.dispatchedInput("work.search")).as("an agent's data is never evaluated")
                .isEqualTo(Map.of("q", "{{ input.goal }}"));
        assertThat(s.last().effects()).filteredOn(e -> e instanceof Effect.DispatchTask)
                .extracting(e -> ((Effect.DispatchTask) e).agent()).containsExactly("web-search", "summarizer");

        s.succeeds("work.search", 1, "found").thenDispatched();
        s.succeeds("work.t1", 1, "short").thenDispatched("work.merge");
        s.succeeds("work.merge", 1, "merged").thenDispatched("report");
        assertThat(s.step("work").output()).isEqualTo(Map.of("search", "found", "t1", "short", "merge", "merged"));
        assertThat(s.dispatchedInput("report")).isEqualTo(Map.of("all", Map.of("search", "found", "t1", "short",
                "merge", "merged")));
    }

    @Test
    void aBadListFailsTheStepForGoodListingEveryProblem() {
        EngineScenario s = EngineScenario.given(PLANNED).started();
        s.succeeds("plan", 1, Map.of("tasks", List.of(
                spec("a", "Bad Agent!", Map.of()),
                spec("a", "w", Map.of(), "nope"),
                Map.of("agent", "w", "color", "red"))));

        s.thenStatus(ExecutionStatus.FAILED).thenStep("work", StepStatus.FAILED);
        assertThat(s.step("work").error().type()).isEqualTo("invalid_dynamic_tasks");
        assertThat(s.step("work").error().message()).isEqualTo("steps.work.dynamic.tasks: 3 problems: "
                + "tasks[0].agent: expected a capability name matching [a-z0-9][a-z0-9_.-]{0,99}, but got a string "
                + "('Bad Agent!'); tasks[1].id: 'a' is also the id of tasks[0]; tasks[2].color: unknown field; a task "
                + "spec has id, agent, input, depends_on");
    }

    @Test
    void aCycleOrTooManyTasksIsRefusedBeforeAnyTaskRuns() {
        EngineScenario cycle = EngineScenario.given(PLANNED).started().succeeds("plan", 1, Map.of("tasks", List.of(
                spec("a", "w", Map.of(), "b"), spec("b", "w", Map.of(), "a"))));
        assertThat(cycle.step("work").error().message()).isEqualTo("steps.work.dynamic.tasks: 1 problem: depends_on "
                + "has a cycle: a -> b -> a");
        cycle.thenDispatched();

        EngineScenario many = EngineScenario.given(PLANNED).started().succeeds("plan", 1, Map.of("tasks",
                java.util.Collections.nCopies(6, Map.of("agent", "w"))));
        assertThat(many.step("work").error().message()).isEqualTo("steps.work.dynamic.tasks: 1 problem: 6 tasks, "
                + "more than max_tasks 5");
    }

    @Test
    void aTaskIsRetriedByTheStepsPolicyAndAFailedTaskFailsTheStepNamingIt() {
        EngineScenario s = EngineScenario.given(PLANNED).started().succeeds("plan", 1, Map.of("tasks", List.of(
                spec("a", "w", Map.of()))));
        s.fails("work.a", 1).thenStep("work.a", StepStatus.RETRY_WAIT).backoffEnds("work.a").thenDispatched("work.a");
        s.fails("work.a", 2);

        s.thenStatus(ExecutionStatus.FAILED).thenStep("work", StepStatus.FAILED);
        assertThat(s.state().error().message()).startsWith("step 'work' failed: step 'work.a' failed:");
    }

    @Test
    void noTasksCompletesTheStepAtOnceWithAnEmptyObject() {
        EngineScenario s = EngineScenario.given(PLANNED).started().succeeds("plan", 1, Map.of("tasks", List.of()));

        s.thenStep("work", StepStatus.COMPLETED).thenDispatched("report");
        assertThat(s.step("work").output()).isEqualTo(Map.of());
    }

    @Test
    void aTemplateThatGivesNoListFailsTheStep() {
        EngineScenario s = EngineScenario.given(PLANNED).started().succeeds("plan", 1, Map.of("tasks", "all of them"));

        assertThat(s.step("work").error().message()).isEqualTo("steps.work.dynamic.tasks: 1 problem: expected a list "
                + "of task specs {id, agent, input, depends_on}, but got a string ('all of them')");
    }

    @Test
    void aDynamicStepInsideAForeachPlansPerItem() {
        EngineScenario s = EngineScenario.given("""
                name: nested
                steps:
                  - id: each
                    foreach:
                      items: "{{ input.plans }}"
                      steps:
                        - { id: go, dynamic: { tasks: "{{ item }}" } }
                """).startedWith(Map.of("plans", List.of(List.of(Map.of("agent", "w")),
                List.of(Map.of("id", "x", "agent", "v")))));

        s.thenDispatched("each[0].go.t0", "each[1].go.x");
        s.succeeds("each[0].go.t0", 1, 1).succeeds("each[1].go.x", 1, 2);
        s.thenStatus(ExecutionStatus.COMPLETED);
        assertThat(s.step("each").output()).isEqualTo(List.of(Map.of("t0", 1), Map.of("x", 2)));
    }
}
