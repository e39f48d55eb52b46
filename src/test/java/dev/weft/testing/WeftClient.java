package dev.weft.testing;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.GetExecutionHistoryRequest;
import dev.weft.api.v1.GetExecutionRequest;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.RegisterWorkflowResponse;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.api.v1.WorkflowServiceGrpc;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A blocking gRPC client for tests, with the few compound steps tests repeat. */
public final class WeftClient implements AutoCloseable {
    public final ManagedChannel channel = GrpcClients.channel();

    public WorkflowServiceGrpc.WorkflowServiceBlockingStub workflows() {
        return WorkflowServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    public ExecutionServiceGrpc.ExecutionServiceBlockingStub executions() {
        return ExecutionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    public RegisterWorkflowResponse register(String yaml) {
        return workflows().registerWorkflow(RegisterWorkflowRequest.newBuilder().setDefinition(yaml).build());
    }

    /** Starts with a JSON input, e.g. {@code {"n": 1}}. */
    public String start(String workflow, String jsonInput) {
        return executions().startExecution(StartExecutionRequest.newBuilder().setWorkflow(workflow)
                .setInput(struct(jsonInput)).build()).getExecutionId();
    }

    /** Watches until the execution ends; returns every update, snapshot first. */
    public List<ExecutionUpdate> watchToEnd(String executionId) {
        List<ExecutionUpdate> updates = new ArrayList<>();
        executions().watchExecution(WatchExecutionRequest.newBuilder().setExecutionId(executionId).build())
                .forEachRemaining(updates::add);
        return updates;
    }

    public Execution awaitEnd(String executionId) {
        watchToEnd(executionId);
        return get(executionId);
    }

    public Execution get(String executionId) {
        return executions().getExecution(GetExecutionRequest.newBuilder().setExecutionId(executionId).build());
    }

    public List<HistoryEvent> history(String executionId) {
        return executions().getExecutionHistory(GetExecutionHistoryRequest.newBuilder()
                .setExecutionId(executionId).setPageSize(1000).build()).getEventsList();
    }

    public static Struct struct(String json) {
        Struct.Builder b = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json, b);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
        return b.build();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
