package dev.weft.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import org.junit.jupiter.api.Test;

/**
 * Planned tasks survive a crash of the engine (ADR 0011): SIGKILL after the first task's result is
 * recorded while another is out with an agent; the new engine process runs the rest from the
 * recorded plan (planned once, never evaluated again), the last task after the two it depends on.
 */
class DynamicTasksAcrossRestartIT {
    static final String DATABASE = dev.weft.testing.TestDatabases.named("weft_it_dynamic");
    static final String WORKFLOW = """
            name: dynamic-across-restart
            steps:
              - id: plan
                agent: echo
                input:
                  tasks:
                    - { id: quick, agent: slow, input: { ms: 200 } }
                    - { id: long, agent: slow, input: { ms: 2500 } }
                    - { id: last, agent: slow, input: { ms: 200 }, depends_on: [quick, long] }
              - { id: work, depends_on: [plan], dynamic: { tasks: "{{ steps.plan.output.tasks }}" } }
            output: "{{ steps.work.output.last.ms }}"
            """;

    @Test
    void planTasksRunOnAfterAnEngineCrashFromTheRecordedPlan() throws Exception {
        try (RestartRun run = RestartRun.start(DATABASE, "dynamic")) {
            run.register(WORKFLOW);
            String id = run.start("dynamic-across-restart");
            // Kill once the quick task has its result while the long one (2.5 s) is still out.
            assertThat(run.awaitUpdate(id, RestartRun.event("TaskCompleted", "work.quick")))
                    .as("the quick task completed before the crash").isTrue();

            run.killAndRestart();

            Execution after = run.get(id);
            assertThat(step(after, "work").getStatus()).isEqualTo(StepStatus.STEP_STATUS_RUNNING);
            assertThat(step(after, "work.quick").getStatus()).isEqualTo(StepStatus.STEP_STATUS_COMPLETED);
            Execution done = run.awaitEnd(id);
            assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
            assertThat(done.getOutput().getNumberValue()).isEqualTo(200);
            assertThat(run.history(id)).filteredOn(e -> e.getType().equals("TasksPlanned")).as("planned once")
                    .hasSize(1);
            assertThat(done.getStepsList()).extracting(StepRun::getStepId).containsExactly("plan", "work",
                    "work.quick", "work.long", "work.last");
        }
    }

    private static StepRun step(Execution e, String stepId) {
        return e.getStepsList().stream().filter(s -> s.getStepId().equals(stepId)).findFirst().orElseThrow();
    }
}
