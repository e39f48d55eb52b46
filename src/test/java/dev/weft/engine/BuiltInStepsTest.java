package dev.weft.engine;

import dev.weft.engine.ExecutionEvent.*;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** fail, aggregate, transform and validate: decided inside the decision, no task, no outbox row. */
class BuiltInStepsTest {

    /** a, b and c produce; the built-in step under test follows all three. */
    static EngineScenario afterThree(String builtIn, Object a, Object b, Object c) {
        return EngineScenario.given("""
                name: built-in
                steps:
                  - { id: a, agent: w }
                  - { id: b, agent: w }
                  - { id: c, agent: w }
                  - id: x
                    depends_on: [a, b, c]
                %s
                output: "{{ steps.x.output }}"
                """.formatted(builtIn.indent(4).stripTrailing())).started()
                .succeeds("a", 1, a).succeeds("b", 1, b).succeeds("c", 1, c);
    }

    @Test
    void failEndsTheExecutionFailedWithItsTypeAndItsRenderedMessage() {
        EngineScenario s = EngineScenario.given("""
                name: refuse
                steps:
                  - { id: check, agent: w }
                  - id: reject
                    depends_on: [check]
                    when: "!steps.check.output.ok"
                    fail: { type: order_rejected, message: "order refused: {{ steps.check.output.why }}" }
                  - { id: ship, agent: w, depends_on: [check], when: "steps.check.output.ok" }
                """).started().succeeds("check", 1, Map.of("ok", false, "why", "no stock"));

        s.thenEvents(TaskCompleted.class, StepReady.class, StepSkipped.class, StepFailed.class, EscalationRaised.class,
                ExecutionFailed.class).thenStatus(ExecutionStatus.FAILED);
        assertThat(s.state().error()).isEqualTo(new ErrorInfo("order_rejected",
                "step 'reject' failed: order refused: no stock", false));
        assertThat(s.effects(Effect.DispatchTask.class)).isEmpty();
        assertThat(s.effects(Effect.RecordDeadLetter.class)).as("nothing to replay: no task").isEmpty();
    }

    @Test
    void aggregateSumAddsTheFieldOfEveryCompletedDependency() {
        EngineScenario s = afterThree("aggregate: { strategy: sum, field: score }",
                Map.of("score", 1L), Map.of("score", 2L), Map.of("score", 4L));

        s.thenEvents(TaskCompleted.class, StepReady.class, StepEvaluated.class, ExecutionCompleted.class);
        assertThat(s.state().output()).isEqualTo(7L);
    }

    @Test
    void aggregateStrategiesCombineInDependencyOrder() {
        assertThat(afterThree("aggregate: { strategy: merge }", Map.of("k", 1L, "a", 1L), Map.of("k", 2L),
                Map.of("c", 3L)).state().output()).isEqualTo(Map.of("k", 2L, "a", 1L, "c", 3L));
        assertThat(afterThree("aggregate: { strategy: concat }", List.of(1L), List.of(), List.of(2L, 3L))
                .state().output()).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(afterThree("aggregate: { strategy: avg }", 1L, 2L, 6.0).step("x").output()).isEqualTo(3.0);
        assertThat(afterThree("aggregate: { strategy: sum }", 1L, 2.5, 1L).step("x").output()).isEqualTo(4.5);
        assertThat(afterThree("aggregate: { strategy: min }", 3L, 2.5, 7L).step("x").output()).isEqualTo(2.5);
        assertThat(afterThree("aggregate: { strategy: max }", 3L, 2.5, 7L).state().output()).isEqualTo(7L);
        assertThat(afterThree("aggregate: { strategy: count }", "x", Map.of(), 0L).state().output()).isEqualTo(3L);
        assertThat(afterThree("aggregate: { strategy: expression, expression: \"values.filter(v, v > 1).size()\" }",
                1L, 2L, 3L).state().output()).isEqualTo(2L);
    }

    @Test
    void aggregateLeavesOutSkippedDependencies() {
        EngineScenario s = EngineScenario.given("""
                name: partial
                steps:
                  - { id: a, agent: w }
                  - { id: b, agent: w, when: "input.both" }
                  - { id: total, depends_on: [a, b], aggregate: { strategy: count } }
                output: "{{ steps.total.output }}"
                """).startedWith(Map.of("both", false)).succeeds("a", 1, 5L);

        assertThat(s.state().output()).isEqualTo(1L);
    }

    @Test
    void aggregateOfAWrongTypeFailsNamingTheFieldAndBothTypes() {
        EngineScenario s = afterThree("aggregate: { strategy: sum, field: score }",
                Map.of("score", 1L), Map.of("score", "high"), Map.of("score", 4L));

        s.thenStatus(ExecutionStatus.FAILED);
        assertThat(s.step("x").error()).isEqualTo(new ErrorInfo("aggregate_error", "steps.x.aggregate: strategy sum "
                + "expected numbers, but steps.b.output.score is a string ('high')", false));
        EngineScenario missing = afterThree("aggregate: { strategy: max, field: score }",
                Map.of("score", 1L), Map.of("points", 2L), Map.of("score", 4L));
        assertThat(missing.step("x").error().message()).isEqualTo("steps.x.aggregate.field: expected "
                + "steps.b.output.score, but steps.b.output has no such field");
        EngineScenario merge = afterThree("aggregate: { strategy: merge }", Map.of(), List.of(1L), Map.of());
        assertThat(merge.step("x").error().message()).isEqualTo("steps.x.aggregate: strategy merge expected "
                + "objects, but steps.b.output is a list");
    }

    @Test
    void transformMapsFiltersAndConvertsBetweenRecordsAndTables() {
        List<Object> people = List.of(person("ada", 36L), person("bob", 17L));
        assertThat(afterThree("""
                transform:
                  mapping:
                    adults: "{{ steps.a.output.filter(p, p.age >= 18).map(p, p.name) }}"
                    count: "{{ size(steps.a.output) }}"
                """, people, 0L, 0L).state().output()).isEqualTo(Map.of("adults", List.of("ada"), "count", 2L));

        Object table = afterThree("transform: { to_table: \"{{ steps.a.output }}\" }", people, 0L, 0L)
                .state().output();
        assertThat(table).isEqualTo(Map.of("columns", List.of("name", "age"),
                "rows", List.of(List.of("ada", 36L), List.of("bob", 17L))));
        assertThat(afterThree("transform: { to_records: \"{{ steps.a.output }}\" }", table, 0L, 0L)
                .state().output()).isEqualTo(people);

        Map<String, Object> ragged = Map.of("columns", List.of("a", "b"), "rows", List.of(List.of(1L)));
        assertThat(afterThree("transform: { to_records: \"{{ steps.a.output }}\" }", ragged, 0L, 0L)
                .step("x").error().message()).isEqualTo("steps.x.transform.to_records.rows[0]: expected a list of 2 "
                + "cells (one per column), but got a list");
    }

    /** In key order, as an agent's JSON would have it. */
    private static Map<String, Object> person(String name, long age) {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("name", name);
        p.put("age", age);
        return p;
    }

    @Test
    void validatePassesTheValueOnOrFailsListingEveryViolation() {
        String validate = """
                validate:
                  value: "{{ steps.a.output }}"
                  schema:
                    type: object
                    required: [title, score]
                    properties:
                      score: { type: number, maximum: 1 }
                """;
        EngineScenario ok = afterThree(validate, Map.of("title", "t", "score", 0.5), 0L, 0L);
        assertThat(ok.state().output()).isEqualTo(Map.of("title", "t", "score", 0.5));

        EngineScenario bad = afterThree(validate, Map.of("score", 3L), 0L, 0L);
        bad.thenStatus(ExecutionStatus.FAILED);
        assertThat(bad.step("x").error().type()).isEqualTo("validation_failed");
        assertThat(bad.step("x").error().message()).startsWith("steps.x.validate: 2 violations: ")
                .contains("value.title: required property missing").contains("value.score: ");
    }
}
