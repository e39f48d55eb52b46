package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.v1.GetWorkflowRequest;
import dev.weft.api.v1.ListWorkflowsRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class WorkflowRegistrationTest {
    final WeftClient client = new WeftClient();

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void registeringANameAgainCreatesTheNextImmutableVersionAndRunsArePinned() {
        String v1 = """
                name: versioned
                steps:
                  - { id: a, agent: echo, input: { v: 1 } }
                output: { v: "{{ steps.a.output.v }}" }
                """;
        assertThat(client.register(v1).getVersion()).isEqualTo(1);
        assertThat(client.register(v1.replace("v: 1", "v: 2")).getVersion()).isEqualTo(2);

        var latest = client.workflows().getWorkflow(GetWorkflowRequest.newBuilder().setName("versioned").build());
        assertThat(latest.getVersion()).isEqualTo(2);
        assertThat(latest.getDefinition()).contains("v: 2");
        assertThat(client.workflows().listWorkflows(ListWorkflowsRequest.newBuilder().setName("versioned").build())
                .getWorkflowsList()).extracting(w -> w.getVersion()).containsExactly(1, 2);

        String pinned = client.executions().startExecution(StartExecutionRequest.newBuilder()
                .setWorkflow("versioned").setVersion(1).build()).getExecutionId();
        var done = client.awaitEnd(pinned);
        assertThat(done.getVersion()).isEqualTo(1);
        assertThat(done.getOutput().getStructValue().getFieldsMap().get("v").getNumberValue()).isEqualTo(1);
    }

    @Test
    void concurrentRegistrationsOfOneNameGetDistinctConsecutiveVersions() throws Exception {
        String def = """
                name: raced
                steps:
                  - { id: a, agent: echo }
                """;
        var async = dev.weft.api.v1.WorkflowServiceGrpc.newFutureStub(client.channel);
        var futures = java.util.stream.IntStream.range(0, 6).mapToObj(i -> async.registerWorkflow(
                dev.weft.api.v1.RegisterWorkflowRequest.newBuilder().setDefinition(def).build())).toList();
        java.util.List<Integer> versions = new java.util.ArrayList<>();
        for (var f : futures) {
            versions.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS).getVersion());
        }
        assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
    }

    @Test
    void anInvalidDefinitionIsRefusedWithEveryErrorNamingLineAndField() {
        String bad = """
                name: broken
                steps:
                  - id: a
                    agnt: echo
                  - id: b
                    agent: echo
                    timeout: 10 minutes
                """;
        assertThatThrownBy(() -> client.register(bad))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .contains("line 4: steps[0](a).agnt: unknown field")
                            .contains("line 7: steps[1](b).timeout");
                });
        String cyclic = """
                name: cyclic
                steps:
                  - { id: a, agent: echo, depends_on: [b] }
                  - { id: b, agent: echo, depends_on: [a, ghost] }
                """;
        assertThatThrownBy(() -> client.register(cyclic))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription())
                        .contains("ghost").contains("cycle"));
    }

    @Test
    void unknownWorkflowsAndVersionsAreNotFoundNamingTheField() {
        assertThatThrownBy(() -> client.workflows().getWorkflow(GetWorkflowRequest.newBuilder().setName("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).startsWith("name:");
                });
        assertThatThrownBy(() -> client.executions().startExecution(StartExecutionRequest.newBuilder()
                .setWorkflow("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).startsWith("workflow:");
                });
        assertThatThrownBy(() -> client.register(""))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getDescription()).startsWith("definition:"));
    }
}
