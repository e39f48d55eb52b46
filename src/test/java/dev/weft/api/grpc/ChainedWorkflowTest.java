package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.DeadLetterServiceGrpc;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionSummary;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.ListDeadLettersRequest;
import dev.weft.api.v1.ListExecutionsRequest;
import dev.weft.testing.Eventually;
import dev.weft.testing.GrpcClients;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** on_complete / on_failure start the chained workflows once, with the input mapped from the end. */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class ChainedWorkflowTest {
    final WeftClient client = new WeftClient();

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    private List<ExecutionSummary> executionsOf(String workflow) {
        return client.executions().listExecutions(ListExecutionsRequest.newBuilder().setWorkflow(workflow).build())
                .getExecutionsList();
    }

    @Test
    void aCompletedExecutionStartsItsChainedWorkflowWithItsOutputOnce() {
        client.register("""
                name: chain-publish
                steps:
                  - { id: shout, agent: text, input: { text: "{{ input.title }}", op: upper } }
                output: "{{ steps.shout.output.text }}"
                """);
        client.register("""
                name: chain-research
                on_complete:
                  - { workflow: chain-publish, input: { title: "{{ output.title + ' by ' + execution.workflow }}" } }
                steps:
                  - { id: find, agent: echo, input: { title: "{{ input.topic }}" } }
                output: { title: "{{ steps.find.output.title }}" }
                """);

        String research = client.start("chain-research", "{\"topic\": \"tides\"}");
        assertThat(client.awaitEnd(research).getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        HistoryEvent chained = client.history(research).stream().filter(h -> h.getType().equals("WorkflowChained"))
                .findFirst().orElseThrow();
        assertThat(chained.getDetails().getFieldsMap().get("workflow").getStringValue()).isEqualTo("chain-publish");

        Eventually.await("the chained workflow started", Duration.ofSeconds(20),
                () -> !executionsOf("chain-publish").isEmpty());
        Execution publish = client.awaitEnd(executionsOf("chain-publish").getFirst().getExecutionId());
        assertThat(publish.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(publish.getInput().getFieldsMap().get("title").getStringValue()).isEqualTo("tides by chain-research");
        assertThat(publish.getOutput().getStringValue()).isEqualTo("TIDES BY CHAIN-RESEARCH");
        assertThat(publish.getRequestId()).startsWith("chain:1:" + research + ":on_complete:");
        assertThat(executionsOf("chain-publish")).as("started once").hasSize(1);
    }

    @Test
    void aFailedExecutionStartsItsOnFailureWorkflowAndOneThatCannotStartIsADeadLetter() {
        client.register("""
                name: chain-page
                steps:
                  - { id: page, agent: echo, input: "{{ input.error.type }}" }
                output: "{{ steps.page.output }}"
                """);
        client.register("""
                name: chain-fragile
                on_failure:
                  - { workflow: chain-page }
                  - { workflow: chain-no-such-workflow }
                steps:
                  - { id: work, agent: flaky, input: { failures: 5 }, retry: { max_attempts: 1 } }
                """);

        String failed = client.start("chain-fragile", "{}");
        assertThat(client.awaitEnd(failed).getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_FAILED);

        Eventually.await("the on_failure workflow ran", Duration.ofSeconds(20), () -> executionsOf("chain-page")
                .stream().anyMatch(e -> e.getStatus() == ExecutionStatus.EXECUTION_STATUS_COMPLETED));
        Execution page = client.get(executionsOf("chain-page").getFirst().getExecutionId());
        assertThat(page.getInput().getFieldsMap().get("execution_id").getStringValue()).isEqualTo(failed);
        assertThat(page.getOutput().getStringValue()).isEqualTo("agent_error");

        var channel = GrpcClients.channel();
        var letters = DeadLetterServiceGrpc.newBlockingStub(channel);
        var query = ListDeadLettersRequest.newBuilder().setExecutionId(failed).setSource("chain").build();
        Eventually.await("the chain that could not start is a dead letter", Duration.ofSeconds(20),
                () -> letters.listDeadLetters(query).getDeadLettersCount() == 1);
        assertThat(letters.listDeadLetters(query).getDeadLetters(0).getReason()).contains("chain-no-such-workflow");
        channel.shutdownNow();
    }
}
