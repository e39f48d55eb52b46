package dev.weft.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import org.junit.jupiter.api.Test;

/** {@code dynamic: { tasks, max_tasks }}: read with the task fields its tasks share; the specs are checked at run time. */
class DynamicDefinitionTest {

    @Test
    void aDynamicStepIsReadWithTheTimeoutAndRetryItsTasksShare() {
        WorkflowDefinition d = new DefinitionParser().parse("""
                name: n
                steps:
                  - { id: plan, agent: planner }
                  - id: work
                    depends_on: [plan]
                    dynamic: { tasks: "{{ steps.plan.output.tasks }}", max_tasks: 20 }
                    timeout: 30s
                    retry: { max_attempts: 2 }
                    on_error: continue
                """);

        StepDefinition work = d.step("work").orElseThrow();
        assertThat(work.kind()).isEqualTo(new ScopeOwner.Dynamic("{{ steps.plan.output.tasks }}", 20));
        assertThat(work.timeout()).hasSeconds(30);
        assertThat(work.retry().maxAttempts()).isEqualTo(2);
        assertThat(work.onError()).isEqualTo(OnError.CONTINUE);
    }

    @Test
    void theTasksMustBeATemplateReadingOnlyDependenciesAndTheStepHasNoInput() {
        assertThat(Refusals.errors("""
                name: n
                steps:
                  - { id: plan, agent: planner }
                  - { id: a, dynamic: { tasks: "plan" } }
                  - { id: c, depends_on: [plan], dynamic: { tasks: "{{ steps.plan.output }}", max_tasks: 5000 } }
                  - { id: e, depends_on: [plan], dynamic: { tasks: "{{ steps.plan.output }}" }, input: { x: 1 } }
                """)).extracting(DefinitionError::path, DefinitionError::message).containsExactly(
                tuple("steps[1](a).dynamic.tasks", "expected a template giving the list of task specs, like "
                        + "\"{{ steps.plan.output.tasks }}\", but got 'plan'"),
                tuple("steps[2](c).dynamic.max_tasks", "must be between 1 and 1000, but got 5000"),
                tuple("steps[3](e).input", "each dynamic task carries its own input (in its spec); the step has none"));
        assertThat(Refusals.errors("""
                name: n
                steps:
                  - { id: plan, agent: planner }
                  - { id: b, dynamic: { tasks: "{{ steps.plan.output }}" } }
                """)).extracting(DefinitionError::path, DefinitionError::message).containsExactly(
                tuple("steps[1](b).dynamic.tasks", "expression 'steps.plan.output' reads step 'plan', which is not "
                        + "among this step's dependencies; add it to depends_on"));
    }
}
