package dev.weft.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A half-finished foreach and a loop still to come survive a crash of the engine: SIGKILL after the
 * first item's result is recorded while others are out with agents; the new engine process picks
 * the items up where they were (no item expanded twice, none lost), runs the loop's rounds and ends
 * with the outputs in item order. The broker and the agents live on in this JVM; only the engine dies.
 */
class ForeachAcrossRestartIT {
    static final String DATABASE = dev.weft.testing.TestDatabases.named("weft_it_foreach");
    static final String WORKFLOW = """
            name: foreach-across-restart
            steps:
              - id: each
                foreach: { items: "{{ input.waits }}", agent: slow, max_parallel: 2 }
                input: { ms: "{{ item }}", index: "{{ index }}" }
              - id: rounds
                depends_on: [each]
                loop:
                  max_iterations: 3
                  until: "round == 2"
                  steps: [ { id: tick, agent: slow, input: { ms: 300, round: "{{ round }}" } } ]
            output: { indexes: "{{ steps.each.output.map(o, o.index) }}", rounds: "{{ steps.rounds.output.round }}" }
            """;

    @Test
    void aHalfFinishedForeachRunsOnAfterAnEngineCrashAndEndsWithEveryItemInOrder() throws Exception {
        try (RestartRun run = RestartRun.start(DATABASE, "foreach")) {
            run.register(WORKFLOW);
            String id = run.executions().startExecution(StartExecutionRequest.newBuilder()
                    .setWorkflow("foreach-across-restart")
                    .setInput(com.google.protobuf.Struct.newBuilder().putFields("waits", list(200, 2500, 2500, 200)))
                    .build()).getExecutionId();
            // Kill once item 0 has its result while item 1 (2.5 s) is still out with an agent.
            assertThat(run.awaitUpdate(id, RestartRun.event("TaskCompleted", "each[0]")))
                    .as("item 0 completed before the crash").isTrue();

            run.killAndRestart();

            Execution after = run.get(id);
            assertThat(step(after, "each").getStatus()).isEqualTo(StepStatus.STEP_STATUS_RUNNING);
            assertThat(step(after, "each[0]").getStatus()).isEqualTo(StepStatus.STEP_STATUS_COMPLETED);
            Execution done = run.awaitEnd(id);
            assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
            var output = done.getOutput().getStructValue().getFieldsMap();
            assertThat(output.get("indexes").getListValue().getValuesList()).extracting(v -> v.getNumberValue())
                    .containsExactly(0.0, 1.0, 2.0, 3.0);
            assertThat(output.get("rounds").getNumberValue()).isEqualTo(2);
            List<HistoryEvent> history = run.history(id);
            assertThat(history).filteredOn(e -> e.getType().equals("ItemsExpanded")).as("expanded once").hasSize(1);
            assertThat(history).filteredOn(e -> e.getType().equals("RoundStarted")).hasSize(2);
            assertThat(done.getStepsList()).extracting(StepRun::getStepId).containsExactly("each", "rounds",
                    "each[0]", "each[1]", "each[2]", "each[3]", "rounds.tick", "rounds#2.tick");
        }
    }

    private static com.google.protobuf.Value list(int... ms) {
        var l = com.google.protobuf.ListValue.newBuilder();
        for (int m : ms) {
            l.addValues(com.google.protobuf.Value.newBuilder().setNumberValue(m));
        }
        return com.google.protobuf.Value.newBuilder().setListValue(l).build();
    }

    private static StepRun step(Execution e, String stepId) {
        return e.getStepsList().stream().filter(s -> s.getStepId().equals(stepId)).findFirst().orElseThrow();
    }

}
