package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.DeadLetterServiceGrpc;
import dev.weft.api.v1.ExecutionStatus;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A persistent failure starts the workflow its definition names, once, with the failure as input. */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class EscalationWorkflowTest {
    final WeftClient client = new WeftClient();

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void aStepThatFailsForGoodStartsTheEscalationWorkflowWithTheFailure() {
        client.register("""
                name: on-call
                steps:
                  - { id: page, agent: echo, input: "{{ input.step_id + ': ' + input.error.type }}" }
                output: "{{ steps.page.output }}"
                """);
        client.register("""
                name: guarded
                escalation: { workflow: on-call }
                steps:
                  - { id: work, agent: flaky, input: { failures: 5 }, retry: { max_attempts: 1 } }
                """);
        String failed = client.start("guarded", "{}");
        assertThat(client.awaitEnd(failed).getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_FAILED);
        HistoryEvent raised = client.history(failed).stream().filter(h -> h.getType().equals("EscalationRaised"))
                .findFirst().orElseThrow();
        assertThat(raised.getDetails().getFieldsMap().get("workflow").getStringValue()).isEqualTo("on-call");

        Eventually.await("the escalation workflow ran", Duration.ofSeconds(20), () -> client.executions()
                .listExecutions(ListExecutionsRequest.newBuilder().setWorkflow("on-call").build())
                .getExecutionsList().stream().anyMatch(e -> e.getStatus() == ExecutionStatus.EXECUTION_STATUS_COMPLETED));
        var escalation = client.executions().listExecutions(ListExecutionsRequest.newBuilder().setWorkflow("on-call")
                .build()).getExecutions(0);
        var done = client.get(escalation.getExecutionId());
        assertThat(done.getInput().getFieldsMap().get("execution_id").getStringValue()).isEqualTo(failed);
        assertThat(done.getOutput().getStringValue()).isEqualTo("work: agent_error");
    }

    @Test
    void anEscalationThatCannotStartIsKeptAsADeadLetter() {
        client.register("""
                name: guarded-by-nobody
                escalation: { workflow: no-such-workflow }
                steps:
                  - { id: work, agent: flaky, input: { failures: 5 }, retry: { max_attempts: 1 } }
                """);
        String failed = client.start("guarded-by-nobody", "{}");
        client.awaitEnd(failed);

        var channel = GrpcClients.channel();
        var letters = DeadLetterServiceGrpc.newBlockingStub(channel);
        Eventually.await("the start that could not happen is a dead letter", Duration.ofSeconds(20), () ->
                letters.listDeadLetters(ListDeadLettersRequest.newBuilder().setExecutionId(failed)
                        .setSource("escalation").build()).getDeadLettersCount() == 1);
        assertThat(letters.listDeadLetters(ListDeadLettersRequest.newBuilder().setExecutionId(failed)
                .setSource("escalation").build()).getDeadLetters(0).getReason()).contains("no-such-workflow");
        channel.shutdownNow();
    }
}
