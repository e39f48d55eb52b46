package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.StepRun;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dynamic tasks (ADR 0011) through gRPC with the demo agents over AMQP: examples/planned-tasks.yaml
 * runs the tasks its plan step produced, the last after the two it depends on; a plan with a bad
 * spec fails the step listing the problems, before any task runs.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class DynamicTasksEndToEndTest {
    final WeftClient client = new WeftClient();

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void thePlannedTasksRunInTheirOrderAndTheOutputIsEachTasksOutputById() throws IOException {
        try (InputStream in = DynamicTasksEndToEndTest.class.getResourceAsStream("/examples/planned-tasks.yaml")) {
            client.register(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        String id = client.start("planned-tasks", "{}");
        Execution done = client.awaitEnd(id);

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        var output = done.getOutput().getStructValue().getFieldsMap();
        assertThat(output.get("intro").getStructValue().getFieldsMap().get("text").getStringValue())
                .isEqualTo("WHY AGENTS");
        assertThat(output.get("words").getStructValue().getFieldsMap().get("count").getNumberValue()).isEqualTo(5);
        StepRun intro = step(done, "work.intro");
        assertThat(intro.getScopeOwner()).isEqualTo("work");
        assertThat(intro.getDefinitionStep()).isEqualTo("intro");
        assertThat(intro.getAgent()).isEqualTo("text");
        assertThat(step(done, "work").getKind()).isEqualTo("dynamic");

        List<HistoryEvent> history = client.history(id);
        assertThat(history).filteredOn(e -> e.getType().equals("TasksPlanned")).hasSize(1);
        List<String> order = history.stream().filter(e -> e.getType().equals("TaskCompleted"))
                .map(HistoryEvent::getStepId).toList();
        assertThat(order.indexOf("work.words")).isGreaterThan(order.indexOf("work.intro"))
                .isGreaterThan(order.indexOf("work.body"));
    }

    @Test
    void aPlanWithABadSpecFailsTheStepNamingEveryProblem() {
        client.register("""
                name: bad-plan
                steps:
                  - id: plan
                    agent: echo
                    input: { tasks: [ { id: a, agent: text }, { id: a, agent: "Not An Agent" } ] }
                  - { id: work, depends_on: [plan], dynamic: { tasks: "{{ steps.plan.output.tasks }}" } }
                """);
        Execution done = client.awaitEnd(client.start("bad-plan", "{}"));

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_FAILED);
        StepRun work = step(done, "work");
        assertThat(work.getError().getType()).isEqualTo("invalid_dynamic_tasks");
        assertThat(work.getError().getMessage()).contains("tasks[1].id: 'a' is also the id of tasks[0]")
                .contains("tasks[1].agent: expected a capability name");
        assertThat(done.getStepsList()).extracting(StepRun::getStepId).containsExactly("plan", "work");
    }

    private static StepRun step(Execution e, String instance) {
        return e.getStepsList().stream().filter(s -> s.getStepId().equals(instance)).findFirst().orElseThrow();
    }
}
