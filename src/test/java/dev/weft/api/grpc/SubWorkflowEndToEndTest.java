package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionSummary;
import dev.weft.api.v1.ListExecutionsRequest;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import dev.weft.testing.Eventually;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sub-workflows through gRPC with the demo agents over AMQP (ADR 0009): a parent step runs a child
 * execution, linked both ways; the child's output is the step's; a failing child fails the step;
 * a parent cancelled while its child runs cancels the child; a child workflow that does not exist
 * fails the step with the reason. Every wait is a watch or a poll of state, never a sleep.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class SubWorkflowEndToEndTest {
    static final String CHILD = """
            name: sub-summarise
            input:
              type: object
              required: [text]
              properties: { text: { type: string } }
            steps:
              - { id: shout, agent: text, input: { text: "{{ input.text }}", op: upper } }
            output: { summary: "{{ steps.shout.output.text }}" }
            """;
    static final String PARENT = """
            name: sub-report
            steps:
              - { id: fetch, agent: echo, input: { text: "{{ input.text }}" } }
              - id: summarise
                depends_on: [fetch]
                workflow: sub-summarise
                input: { text: "{{ steps.fetch.output.text }}" }
              - { id: publish, agent: echo, depends_on: [summarise], input: { s: "{{ steps.summarise.output.summary }}" } }
            output: "{{ steps.publish.output.s }}"
            """;

    final WeftClient client = new WeftClient();

    @BeforeEach
    void register() {
        client.register(CHILD);
        client.register(PARENT);
    }

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void aParentStepRunsAChildExecutionAndTakesItsOutput() {
        String parent = client.start("sub-report", "{\"text\": \"tides\"}");

        Execution done = client.awaitEnd(parent);

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(done.getOutput().getStringValue()).isEqualTo("TIDES");
        StepRun step = step(done, "summarise");
        assertThat(step.getKind()).isEqualTo("workflow");
        assertThat(step.getAgentId()).isEqualTo("workflow:" + step.getChildExecutionId());
        Execution child = client.get(step.getChildExecutionId());
        assertThat(child.getWorkflow()).isEqualTo("sub-summarise");
        assertThat(child.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(child.getParentExecutionId()).isEqualTo(parent);
        assertThat(child.getParentStep()).isEqualTo("summarise");
        assertThat(child.getDepth()).isEqualTo(1);
        assertThat(child.getInput().getFieldsMap().get("text").getStringValue()).isEqualTo("tides");
        assertThat(children(parent)).extracting(ExecutionSummary::getExecutionId)
                .containsExactly(step.getChildExecutionId());
        assertThat(client.history(parent)).anyMatch(e -> e.getType().equals("ChildStarted"));
    }

    @Test
    void aChildThatFailsFailsTheParentStepWithTheChildsError() {
        client.register("""
                name: sub-fragile
                steps:
                  - { id: work, agent: flaky, input: { failures: 5 }, retry: { max_attempts: 1 } }
                """);
        client.register("""
                name: sub-fragile-parent
                steps:
                  - { id: run, workflow: sub-fragile }
                """);

        Execution done = client.awaitEnd(client.start("sub-fragile-parent", "{}"));

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_FAILED);
        StepRun run = step(done, "run");
        assertThat(run.getError().getType()).isEqualTo("child_failed");
        assertThat(run.getError().getMessage()).contains(run.getChildExecutionId(), "sub-fragile", "agent_error");
        assertThat(client.get(run.getChildExecutionId()).getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_FAILED);
    }

    @Test
    void cancellingTheParentCancelsTheRunningChild() {
        client.register("""
                name: sub-slow
                steps:
                  - { id: wait_long, agent: slow, input: { ms: 60000 } }
                """);
        client.register("""
                name: sub-slow-parent
                steps:
                  - { id: run, workflow: sub-slow }
                """);
        String parent = client.start("sub-slow-parent", "{}");
        Eventually.await("the child runs", Duration.ofSeconds(20), () -> !children(parent).isEmpty());
        String child = children(parent).getFirst().getExecutionId();

        client.executions().cancelExecution(dev.weft.api.v1.CancelExecutionRequest.newBuilder()
                .setExecutionId(parent).setReason("changed my mind").build());

        Execution cancelledChild = client.awaitEnd(child);
        assertThat(cancelledChild.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_CANCELLED);
        assertThat(cancelledChild.getError().getMessage()).contains("parent execution " + parent);
        assertThat(client.get(parent).getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_CANCELLED);
    }

    @Test
    void aChildWorkflowThatDoesNotExistFailsTheStepSayingSo() {
        client.register("""
                name: sub-orphan
                steps:
                  - { id: run, workflow: sub-never-registered }
                """);

        Execution done = client.awaitEnd(client.start("sub-orphan", "{}"));

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_FAILED);
        StepRun run = step(done, "run");
        assertThat(run.getStatus()).isEqualTo(StepStatus.STEP_STATUS_FAILED);
        assertThat(run.getError().getType()).isEqualTo("child_not_started");
        assertThat(run.getError().getMessage()).contains("sub-never-registered");
    }

    @Test
    void aChildInputTheChildsSchemaRefusesFailsTheStepNamingTheField() {
        client.register("""
                name: sub-bad-input
                steps:
                  - { id: run, workflow: sub-summarise, input: { text: 7 } }
                """);

        Execution done = client.awaitEnd(client.start("sub-bad-input", "{}"));

        assertThat(step(done, "run").getError().getType()).isEqualTo("child_not_started");
        assertThat(step(done, "run").getError().getMessage()).contains("text");
    }

    @Test
    void listingChildrenOfABadIdIsRefusedNamingTheField() {
        assertThatThrownBy(() -> client.executions().listExecutions(ListExecutionsRequest.newBuilder()
                .setParentExecutionId("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("parent_execution_id:");
                });
    }

    private List<ExecutionSummary> children(String parent) {
        return client.executions().listExecutions(ListExecutionsRequest.newBuilder().setParentExecutionId(parent)
                .build()).getExecutionsList();
    }

    private static StepRun step(Execution e, String id) {
        return e.getStepsList().stream().filter(s -> s.getStepId().equals(id)).findFirst().orElseThrow();
    }
}
