package dev.weft.definition;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** when, join, switch and the built-in kinds: what they read as, and every mistake named with line and field. */
class ControlFlowDefinitionTest {
    private final DefinitionParser parser = new DefinitionParser();

    private List<DefinitionError> errors(String yaml) {
        return catchThrowableOfType(DefinitionException.class, () -> parser.parse(yaml)).errors();
    }

    @Test
    void readsKindsConditionsAndJoins() {
        WorkflowDefinition d = parser.parse("""
                name: flow
                steps:
                  - { id: a, agent: w }
                  - { id: b, agent: w }
                  - id: route
                    depends_on: [a]
                    switch:
                      mode: all
                      default: other
                      cases:
                        - { name: big, when: "steps.a.output.n > 10" }
                        - { name: odd, when: "{{ steps.a.output.n % 2 == 1 }}" }
                  - id: big_one
                    agent: w
                    depends_on: [route]
                    when: "'big' in steps.route.output.cases"
                  - { id: any_of, agent: w, depends_on: [a, b], join: any }
                  - { id: two_of, agent: w, depends_on: [a, b, route], join: { quorum: 2, cancel_others: true } }
                  - { id: total, depends_on: [a, b], aggregate: { strategy: sum, field: result.n } }
                  - { id: shaped, depends_on: [a], transform: { to_table: "{{ steps.a.output }}", columns: [x, y] } }
                  - { id: checked, depends_on: [a], validate: { value: "{{ steps.a.output }}", schema: { type: object } } }
                  - { id: stop, depends_on: [a], when: "steps.a.output.n < 0", fail: { type: negative, message: "n is {{ steps.a.output.n }}" } }
                """);

        assertThat(d.step("a").orElseThrow().kind()).isEqualTo(new StepKind.Agent("w"));
        assertThat(d.step("route").orElseThrow().kind()).isEqualTo(new StepKind.Switch(List.of(
                new StepKind.Switch.Case("big", "steps.a.output.n > 10"),
                new StepKind.Switch.Case("odd", "steps.a.output.n % 2 == 1")), "other", StepKind.Switch.Mode.ALL));
        assertThat(d.step("route").orElseThrow().agent()).isNull();
        assertThat(d.step("big_one").orElseThrow().when()).isEqualTo("'big' in steps.route.output.cases");
        assertThat(d.step("any_of").orElseThrow().join()).isEqualTo(new Join(Join.Mode.ANY, 1, false));
        assertThat(d.step("two_of").orElseThrow().join()).isEqualTo(new Join(Join.Mode.QUORUM, 2, true));
        assertThat(d.step("a").orElseThrow().join()).isEqualTo(Join.ALL);
        assertThat(d.step("total").orElseThrow().kind()).isEqualTo(
                new StepKind.Aggregate(StepKind.Aggregate.Strategy.SUM, "result.n", null));
        assertThat(d.step("shaped").orElseThrow().kind()).isEqualTo(new StepKind.Transform(
                StepKind.Transform.Form.TO_TABLE, "{{ steps.a.output }}", List.of("x", "y")));
        assertThat(d.step("checked").orElseThrow().kind()).isEqualTo(
                new StepKind.Validate("{{ steps.a.output }}", Map.of("type", "object")));
        assertThat(d.step("stop").orElseThrow().kind()).isEqualTo(new StepKind.Fail("negative", "n is {{ steps.a.output.n }}"));
    }

    @Test
    void aStepIsExactlyOneKind() {
        assertThat(errors("""
                name: n
                steps:
                  - id: s
                    agent: w
                    switch: { cases: [{ name: x, when: "true" }] }
                """)).containsExactly(new DefinitionError("steps[0](s).switch", 5, "conflicting kinds: a step is "
                + "exactly one of agent, switch, fail, aggregate, transform, validate, sleep, foreach, loop, wait, "
                + "approval, workflow, dynamic, but this one is agent and switch"));
        assertThat(errors("name: n\nsteps:\n  - id: s\n    depends_on: []\n")).containsExactly(new DefinitionError(
                "steps[0](s)", 3, "missing required field 'agent' (or another kind: switch, fail, aggregate, "
                + "transform, validate, sleep, foreach, loop, wait, approval, workflow, dynamic)"));
    }

    @Test
    void agentFieldsOnABuiltInStepAreRefused() {
        assertThat(errors("""
                name: n
                steps:
                  - { id: a, agent: w }
                  - id: s
                    depends_on: [a]
                    timeout: 5m
                    retry: { max_attempts: 2 }
                    input: { x: 1 }
                    transform: { mapping: { x: 1 } }
                """)).extracting(DefinitionError::toString).containsExactlyInAnyOrder(
                "line 8: steps[1](s).input: applies to agent steps only, but this is a transform step, which the "
                        + "engine decides without a task",
                "line 6: steps[1](s).timeout: applies to agent steps only, but this is a transform step, which the "
                        + "engine decides without a task",
                "line 7: steps[1](s).retry: applies to agent steps only, but this is a transform step, which the "
                        + "engine decides without a task");
        assertThat(errors("""
                name: n
                steps:
                  - { id: s, fail: { type: stop, message: m }, on_error: skip }
                """)).extracting(DefinitionError::message)
                .containsExactly("a fail step always fails the execution; remove on_error");
        assertThat(errors("""
                name: n
                steps:
                  - { id: a, agent: w }
                  - { id: s, depends_on: [a], aggregate: { strategy: count }, on_error: retry }
                """)).extracting(DefinitionError::message).containsExactly("retries apply to agent steps only: a "
                + "aggregate step decides the same way every time");
    }

    @Test
    void aConditionMayReadOnlyDependenciesAndTheirAncestors() {
        assertThat(errors("""
                name: n
                steps:
                  - { id: a, agent: w }
                  - { id: b, agent: w }
                  - { id: c, agent: w, depends_on: [a], when: "steps.b.output.ok" }
                  - { id: d, agent: w, depends_on: [c], when: "steps.a.output.ok && steps.nope.output" }
                """)).extracting(DefinitionError::toString).containsExactly(
                "line 5: steps[2](c).when: expression 'steps.b.output.ok' reads step 'b', which is not among this "
                        + "step's dependencies; add it to depends_on",
                "line 6: steps[3](d).when: expression 'steps.a.output.ok && steps.nope.output' reads unknown step "
                        + "'nope'");
    }

    @Test
    void aConditionMustBeABool() {
        assertThat(errors("""
                name: n
                steps:
                  - { id: a, agent: w, when: "1 + 2" }
                """)).extracting(DefinitionError::toString).containsExactly(
                "line 3: steps[0](a).when: expression '1 + 2' is invalid: expected a condition (bool), but it is int");
        assertThat(errors("""
                name: n
                steps:
                  - { id: b, agent: w, when: "" }
                """)).extracting(DefinitionError::toString).containsExactly(
                "line 3: steps[0](b).when: expected a CEL condition like \"steps.route.output.case == 'deep'\", but "
                        + "got an empty string");
    }

    @Test
    void aGuardComparingWithACaseItsSwitchDoesNotHaveIsRefused() {
        assertThat(errors("""
                name: n
                steps:
                  - { id: a, agent: w }
                  - id: route
                    depends_on: [a]
                    switch: { default: other, cases: [{ name: deep, when: "steps.a.output.n > 1" }] }
                  - { id: x, agent: w, depends_on: [route], when: "steps.route.output.case == 'deeep'" }
                  - { id: y, agent: w, depends_on: [route], when: "'other' in steps.route.output.cases" }
                  - { id: z, agent: w, depends_on: [route], when: "'shallow' in steps.route.output.cases" }
                """)).extracting(DefinitionError::toString).containsExactly(
                "line 7: steps[2](x).when: expression 'steps.route.output.case == 'deeep'' compares with case "
                        + "'deeep', but switch 'route' has cases deep, other",
                "line 9: steps[4](z).when: expression ''shallow' in steps.route.output.cases' compares with case "
                        + "'shallow', but switch 'route' has cases deep, other");
    }

    @Test
    void switchMistakesAreNamed() {
        assertThat(errors("""
                name: n
                steps:
                  - { id: a, agent: w }
                  - id: route
                    depends_on: [a]
                    switch:
                      mode: some
                      cases:
                        - { name: x, when: "steps.a.output.n > 1" }
                        - { name: x, when: "steps.b.output.n > 1" }
                        - { name: "bad name", when: "true" }
                        - { when: "true" }
                """)).extracting(DefinitionError::toString).containsExactly(
                "line 7: steps[1](route).switch.mode: must be one of first, all, but got 'some'",
                "line 10: steps[1](route).switch.cases[1].name: case 'x' is listed twice",
                "line 11: steps[1](route).switch.cases[2].name: must match [A-Za-z_][A-Za-z0-9_]{0,63} (letters, "
                        + "digits, underscore), but got 'bad name'",
                "line 12: steps[1](route).switch.cases[3]: missing required field 'name'");
        assertThat(errors("""
                name: n
                steps:
                  - { id: route, switch: { cases: [] } }
                  - { id: other, switch: { cases: [{ name: a, when: "steps.route.output.case == 'x'" }] } }
                """)).extracting(DefinitionError::toString).containsExactly(
                "line 3: steps[0](route).switch.cases: expected a non-empty list of { name, when }, but got a list");
        assertThat(errors("""
                name: n
                steps:
                  - { id: a, agent: w }
                  - { id: route, depends_on: [a], switch: { cases: [{ name: x, when: "steps.a.output.n > 1" }] } }
                  - { id: other, switch: { cases: [{ name: y, when: "steps.a.output.ok" }] } }
                """)).extracting(DefinitionError::toString).containsExactly(
                "line 5: steps[2](other).switch.cases[0].when: expression 'steps.a.output.ok' reads step 'a', "
                        + "which is not among this step's dependencies; add it to depends_on");
    }

    @Test
    void joinMistakesAreNamed() {
        assertThat(errors("""
                name: n
                steps:
                  - { id: a, agent: w }
                  - { id: b, agent: w }
                  - { id: one, agent: w, depends_on: [a], join: any }
                  - { id: many, agent: w, depends_on: [a, b], join: { quorum: 3 } }
                  - { id: all, agent: w, depends_on: [a, b], join: { cancel_others: true } }
                  - { id: odd, agent: w, depends_on: [a, b], join: some }
                  - { id: both, agent: w, depends_on: [a, b], join: { mode: any, quorum: 2 } }
                  - { id: zero, agent: w, depends_on: [a, b], join: { quorum: 0, cancel_others: 3 } }
                """)).extracting(DefinitionError::toString).containsExactly(
                "line 8: steps[5](odd).join: must be all, any, { quorum: N } or { mode: any, cancel_others: true }, "
                        + "but got 'some'",
                "line 9: steps[6](both).join.quorum: give either mode or quorum, not both",
                "line 10: steps[7](zero).join.quorum: must be between 1 and 1000, but got 0",
                "line 10: steps[7](zero).join.cancel_others: expected true or false, but got 3");
        assertThat(errors("""
                name: n
                steps:
                  - { id: a, agent: w }
                  - { id: b, agent: w }
                  - { id: one, agent: w, depends_on: [a], join: any }
                  - { id: many, agent: w, depends_on: [a, b], join: { quorum: 3 } }
                  - { id: all, agent: w, depends_on: [a, b], join: { cancel_others: true } }
                """)).extracting(DefinitionError::toString).containsExactly(
                "line 5: steps[2](one).join: a join needs several dependencies, but the step has 1",
                "line 6: steps[3](many).join.quorum: must be at most the number of dependencies (2), but got 3",
                "line 7: steps[4](all).join.cancel_others: needs join any or a quorum: with all, no dependency is "
                        + "left running when the step starts");
    }

    @Test
    void builtInMistakesAreNamed() {
        assertThat(errors("""
                name: n
                steps:
                  - { id: a, agent: w }
                  - { id: lonely, aggregate: { strategy: sum } }
                  - { id: odd, depends_on: [a], aggregate: { strategy: median } }
                  - { id: expr, depends_on: [a], aggregate: { strategy: expression } }
                  - { id: both, depends_on: [a], transform: { mapping: {}, to_records: "{{ steps.a.output }}" } }
                  - { id: cols, depends_on: [a], transform: { mapping: {}, columns: [x] } }
                  - { id: bad_schema, depends_on: [a], validate: { value: 1, schema: { type: nope } } }
                  - { id: nothing, depends_on: [a], validate: { schema: {} } }
                  - { id: stop, fail: { type: "Not A Type" } }
                """)).extracting(DefinitionError::toString).containsExactly(
                "line 5: steps[2](odd).aggregate.strategy: must be one of merge, concat, sum, avg, count, min, max, "
                        + "expression, but got 'median'",
                "line 6: steps[3](expr).aggregate: missing required field 'expression' (strategy expression)",
                "line 7: steps[4](both).transform.to_records: a transform has exactly one of mapping, to_table, "
                        + "to_records, but got mapping and to_records",
                "line 8: steps[5](cols).transform.columns: columns apply to to_table only",
                "line 10: steps[7](nothing).validate: missing required field 'value'",
                "line 11: steps[8](stop).fail.type: must match an error type like order_rejected, but got 'Not A Type'",
                "line 11: steps[8](stop).fail: missing required field 'message'");
        assertThat(errors("""
                name: n
                steps:
                  - { id: a, agent: w }
                  - { id: lonely, aggregate: { strategy: sum } }
                  - { id: bad_schema, depends_on: [a], validate: { value: 1, schema: { type: nope } } }
                  - { id: reads, depends_on: [a], aggregate: { strategy: expression, expression: "size(values) + steps.x.output" } }
                """)).extracting(DefinitionError::toString)
                .contains("line 4: steps[1](lonely).aggregate: an aggregate combines its dependencies' outputs, but "
                        + "the step has no depends_on",
                        "line 5: steps[2](bad_schema).validate.schema: not a valid JSON Schema: $.type: string found, "
                                + "array expected",
                        "line 6: steps[3](reads).aggregate.expression: expression 'size(values) + steps.x.output' "
                                + "reads unknown step 'x'")
                .allMatch(e -> e.contains("(lonely)") || e.contains("(bad_schema)") || e.contains("(reads)"));
    }

    @Test
    void aSleepTakesExactlyOneOfDurationAndUntilAndALiteralUntilMustBeAnInstant() {
        assertThat(errors("""
                name: naps
                steps:
                  - { id: a, sleep: { duration: 10m, until: "2031-01-01T00:00:00Z" } }
                  - { id: b, sleep: { until: "next tuesday" } }
                  - { id: c, sleep: { duration: 8d } }
                  - { id: d, sleep: { until: "{{ steps.nope.output }}" } }
                """)).extracting(DefinitionError::path, DefinitionError::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("steps[0](a).sleep", "expected exactly one of 'duration' (like 10m) "
                        + "or 'until' (an RFC 3339 instant or a template giving one)"),
                org.assertj.core.groups.Tuple.tuple("steps[1](b).sleep.until", "expected an RFC 3339 instant like "
                        + "2031-01-01T09:00:00Z, or a template giving one, but got 'next tuesday'"),
                org.assertj.core.groups.Tuple.tuple("steps[2](c).sleep.duration",
                        "must be between 1ms and 7d, but got '8d'"));
        assertThat(new DefinitionParser().parse("""
                name: nap
                steps: [ { id: a, sleep: { until: "{{ input.at }}" } }, { id: b, sleep: { duration: 10m } } ]
                """).steps()).extracting(StepDefinition::kind).containsExactly(new StepKind.Sleep(null, "{{ input.at }}"),
                new StepKind.Sleep(java.time.Duration.ofMinutes(10), null));
    }
}
