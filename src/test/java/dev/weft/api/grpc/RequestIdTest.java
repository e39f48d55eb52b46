package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.StartExecutionResponse;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A request id names one request: a retry of it gets its execution, another request an error. */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class RequestIdTest {
    final WeftClient client = new WeftClient();

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    private StartExecutionResponse start(String workflow, String requestId, double price) {
        return client.executions().startExecution(StartExecutionRequest.newBuilder().setWorkflow(workflow)
                .setRequestId(requestId)
                .setInput(Struct.newBuilder().putFields("price", Value.newBuilder().setNumberValue(price).build()))
                .build());
    }

    private void register(String name) {
        client.register("""
                name: %s
                steps:
                  - { id: a, agent: echo, input: { p: "{{ input.price }}" } }
                """.formatted(name));
    }

    @Test
    void aRetryOfTheSameRequestGetsTheSameExecution() {
        register("rid-same");
        String requestId = "order-" + UUID.randomUUID();
        StartExecutionResponse first = start("rid-same", requestId, 10);
        StartExecutionResponse again = start("rid-same", requestId, 10.0);

        assertThat(first.getCreated()).isTrue();
        assertThat(again.getCreated()).isFalse();
        assertThat(again.getExecutionId()).isEqualTo(first.getExecutionId());
    }

    @Test
    void theSameRequestIdWithAnotherInputIsRefusedNamingTheField() {
        register("rid-input");
        String requestId = "order-" + UUID.randomUUID();
        String id = start("rid-input", requestId, 10).getExecutionId();

        assertThatThrownBy(() -> start("rid-input", requestId, 11))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
                    assertThat(e.getStatus().getDescription()).startsWith("request_id: '" + requestId + "'")
                            .contains(id);
                });
    }

    @Test
    void theSameRequestIdForAnotherWorkflowIsRefused() {
        register("rid-one");
        register("rid-other");
        String requestId = "order-" + UUID.randomUUID();
        start("rid-one", requestId, 10);

        assertThatThrownBy(() -> start("rid-other", requestId, 10))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
    }
}
