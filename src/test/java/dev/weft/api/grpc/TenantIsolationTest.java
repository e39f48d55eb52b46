package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.GetExecutionRequest;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.WorkflowServiceGrpc;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every read and write is scoped to the caller's tenant (the x-weft-tenant header). */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class TenantIsolationTest {
    final WeftClient client = new WeftClient();

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void anotherTenantCanNeitherStartNorSeeATenantsWorkflowsAndExecutions() {
        var acmeWorkflows = as("acme", WorkflowServiceGrpc.newBlockingStub(client.channel));
        var acmeExecutions = as("acme", ExecutionServiceGrpc.newBlockingStub(client.channel));
        acmeWorkflows.registerWorkflow(RegisterWorkflowRequest.newBuilder().setDefinition("""
                name: private-flow
                steps:
                  - { id: a, agent: echo }
                """).build());
        String id = acmeExecutions.startExecution(StartExecutionRequest.newBuilder()
                .setWorkflow("private-flow").build()).getExecutionId();
        assertThat(acmeExecutions.getExecution(GetExecutionRequest.newBuilder().setExecutionId(id).build())
                .getTenant()).isEqualTo("acme");

        assertThatThrownBy(() -> client.get(id)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> client.start("private-flow", "{}")).isInstanceOfSatisfying(
                StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> client.watchToEnd(id)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void aMalformedTenantHeaderIsRefusedNamingTheHeader() {
        var bad = as("Not A Tenant!", ExecutionServiceGrpc.newBlockingStub(client.channel));
        assertThatThrownBy(() -> bad.getExecution(GetExecutionRequest.newBuilder().setExecutionId("x").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("x-weft-tenant:");
                });
    }

    private static <S extends AbstractStub<S>> S as(String tenant, S stub) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-weft-tenant", Metadata.ASCII_STRING_MARSHALLER), tenant);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
}
