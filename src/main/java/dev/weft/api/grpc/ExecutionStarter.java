package dev.weft.api.grpc;

import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.StartExecutionResponse;
import dev.weft.runtime.ExecutionStarts;
import dev.weft.runtime.TraceContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** StartExecution: the request's own bounds, then {@link ExecutionStarts} does the start. */
@ApplicationScoped
public class ExecutionStarter {
    static final int MAX_INPUT_BYTES = 1 << 20;
    static final int MAX_NAME_LENGTH = 200;

    @Inject
    ExecutionStarts starts;

    Uni<StartExecutionResponse> start(String tenant, StartExecutionRequest request) {
        if (request.getWorkflow().isBlank()) {
            return Uni.createFrom().failure(GrpcErrors.invalid("workflow: required"));
        }
        if (request.getWorkflow().length() > MAX_NAME_LENGTH) {
            return Uni.createFrom().failure(GrpcErrors.invalid("workflow: at most " + MAX_NAME_LENGTH
                    + " characters, but got " + request.getWorkflow().length()));
        }
        if (request.getVersion() < 0) {
            return Uni.createFrom().failure(GrpcErrors.invalid("version: must be 0 (latest) or positive"));
        }
        if (request.getRequestId().length() > MAX_NAME_LENGTH) {
            return Uni.createFrom().failure(GrpcErrors.invalid("request_id: at most " + MAX_NAME_LENGTH
                    + " characters"));
        }
        if (request.getInput().getSerializedSize() > MAX_INPUT_BYTES) {
            return Uni.createFrom().failure(GrpcErrors.invalid("input: at most " + MAX_INPUT_BYTES
                    + " bytes, but got " + request.getInput().getSerializedSize()));
        }
        String requestId = request.getRequestId().isBlank() ? null : request.getRequestId();
        // Taken now, on the request's own span: every task of the execution continues this trace.
        return starts.start(new ExecutionStarts.StartRequest(tenant, request.getWorkflow(), request.getVersion(),
                        ValueMapper.toMap(request.getInput()), requestId, TraceContext.currentTraceparent()))
                .map(started -> StartExecutionResponse.newBuilder().setExecutionId(started.executionId())
                        .setVersion(started.version()).setCreated(started.created()).build());
    }
}
