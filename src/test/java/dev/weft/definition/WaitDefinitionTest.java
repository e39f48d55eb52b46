package dev.weft.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** wait: and approval: as the DSL spells them, and the mistakes named by field. */
class WaitDefinitionTest {
    final DefinitionParser parser = new DefinitionParser();

    private List<String> errors(String yaml) {
        return catchThrowableOfType(DefinitionException.class, () -> parser.parse(yaml)).errors().stream()
                .map(e -> e.path() + ": " + e.message()).toList();
    }

    @Test
    void readsAWaitAnAnyOfAndAnApproval() {
        WorkflowDefinition d = parser.parse("""
                name: waits
                steps:
                  - { id: a, agent: w }
                  - { id: one, depends_on: [a], wait: { event: order.paid, correlation: "{{ steps.a.output.id }}", timeout: 1h } }
                  - id: either
                    wait: { any_of: [ { event: accepted }, { event: declined, correlation: k-1 } ] }
                    retry: { max_attempts: 2 }
                  - { id: ok, approval: { prompt: "go?", approvers: [alice], timeout: 2d }, on_error: continue }
                """);

        assertThat(d.step("one").orElseThrow().kind()).isEqualTo(new StepKind.Wait(List.of(
                new StepKind.Wait.Awaited("order.paid", "{{ steps.a.output.id }}")), Duration.ofHours(1)));
        assertThat(d.step("one").orElseThrow().retry().maxAttempts()).as("a wait is not retried by default")
                .isEqualTo(1);
        assertThat(d.step("either").orElseThrow().kind()).isEqualTo(new StepKind.Wait(List.of(
                new StepKind.Wait.Awaited("accepted", null), new StepKind.Wait.Awaited("declined", "k-1")), null));
        assertThat(d.step("either").orElseThrow().retry().maxAttempts()).isEqualTo(2);
        assertThat(d.step("ok").orElseThrow().kind()).isEqualTo(new StepKind.Approval("go?", List.of("alice"),
                Duration.ofDays(2)));
        assertThat(d.step("ok").orElseThrow().onError()).isEqualTo(OnError.CONTINUE);
    }

    @Test
    void mistakesNameTheField() {
        assertThat(errors("""
                name: bad
                steps:
                  - { id: w, wait: { correlation: k } }
                  - { id: x, wait: { event: "has space" } }
                  - { id: y, wait: { event: e, any_of: [ { event: f } ] } }
                  - { id: approve, approval: { prompt: "ok?", timeout: soon } }
                  - { id: z, approval: { approvers: [alice] } }
                  - { id: t, wait: { event: e }, timeout: 1m }
                """)).containsExactly(
                "steps[0](w).wait: missing required field 'event'",
                "steps[1](x).wait.event: must match [A-Za-z0-9_][A-Za-z0-9_.:/-]{0,199} (an event name like "
                        + "order.paid), but got 'has space'",
                "steps[2](y).wait.any_of: expected either event (with correlation) or any_of, but got both",
                "steps[3](approve).approval.timeout: expected a duration like 10s, 5m or 1h, but got 'soon'",
                "steps[4](z).approval: missing required field 'prompt'",
                "steps[5](t).timeout: applies to agent steps only, but this is a wait step, which the engine decides "
                        + "without a task");
    }

    @Test
    void aCorrelationMayReadOnlyDependencies() {
        assertThat(errors("""
                name: bad-read
                steps:
                  - { id: a, agent: w }
                  - { id: w, wait: { event: e, correlation: "{{ steps.a.output.id }}" } }
                """)).singleElement().asString().startsWith("steps[1](w).wait.correlation")
                .contains("not among this step's dependencies");
    }
}
