package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.StepRun;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A step whose agent keeps failing falls back to another capability through gRPC and AMQP: the
 * fallback's output takes its place, GetExecution says so, and the history keeps both.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class FallbackEndToEndTest {
    final WeftClient client = new WeftClient();

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void aStepThatFailsForGoodIsDoneByItsFallback() {
        client.register("""
                name: fallback-e2e
                steps:
                  - id: fetch
                    agent: flaky
                    input: { failures: 5 }
                    retry: { max_attempts: 1 }
                    fallback: { agent: echo, input: { from: backup, why: "{{ error.type }}" } }
                  - { id: use, agent: echo, depends_on: [fetch], input: { got: "{{ steps.fetch.output.from }}" } }
                output: "{{ steps.use.output.got }}"
                """);

        Execution done = client.awaitEnd(client.start("fallback-e2e", "{}"));

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(done.getOutput().getStringValue()).isEqualTo("backup");
        StepRun fetch = done.getStepsList().stream().filter(s -> s.getStepId().equals("fetch")).findFirst()
                .orElseThrow();
        assertThat(fetch.getInFallback()).isTrue();
        assertThat(fetch.getAgent()).isEqualTo("echo");
        assertThat(fetch.getOutput().getStructValue().getFieldsMap().get("why").getStringValue())
                .isEqualTo("agent_error");
        assertThat(client.history(done.getExecutionId())).extracting(h -> h.getType())
                .containsSubsequence("TaskFailed", "FallbackStarted", "TaskDispatched", "TaskCompleted");
    }
}
