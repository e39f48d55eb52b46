package dev.weft.api.grpc;

import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.StartExecutionResponse;
import dev.weft.definition.InputValidator;
import dev.weft.engine.Command;
import dev.weft.runtime.DefinitionService;
import dev.weft.runtime.ExecutionRuntime;
import dev.weft.store.ExecutionRow;
import dev.weft.store.PgExecutionReader;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** StartExecution: validation, idempotency on request_id, pinning the version, then the engine. */
@ApplicationScoped
public class ExecutionStarter {
    static final int MAX_INPUT_BYTES = 1 << 20;

    @Inject
    DefinitionService definitions;
    @Inject
    ExecutionRuntime runtime;
    @Inject
    PgExecutionReader reader;

    private final InputValidator inputs = new InputValidator();

    Uni<StartExecutionResponse> start(String tenant, StartExecutionRequest request) {
        if (request.getWorkflow().isBlank()) {
            return Uni.createFrom().failure(GrpcErrors.invalid("workflow: required"));
        }
        if (request.getVersion() < 0) {
            return Uni.createFrom().failure(GrpcErrors.invalid("version: must be 0 (latest) or positive"));
        }
        if (request.getRequestId().length() > 200) {
            return Uni.createFrom().failure(GrpcErrors.invalid("request_id: at most 200 characters"));
        }
        if (request.getInput().getSerializedSize() > MAX_INPUT_BYTES) {
            return Uni.createFrom().failure(GrpcErrors.invalid("input: at most " + MAX_INPUT_BYTES
                    + " bytes, but got " + request.getInput().getSerializedSize()));
        }
        String requestId = request.getRequestId().isBlank() ? null : request.getRequestId();
        // Taken now, on the request's own span: every task of the execution continues this trace.
        String traceparent = dev.weft.runtime.TraceContext.currentTraceparent();
        Uni<StartExecutionResponse> fresh = Uni.createFrom().deferred(() ->
                startNew(tenant, request, requestId, traceparent));
        if (requestId == null) {
            return fresh;
        }
        return reader.findByRequestId(tenant, requestId).chain(existing -> existing.isPresent()
                ? Uni.createFrom().item(existing(existing.get()))
                : fresh.onFailure(ExecutionStarter::isDuplicateRequest).recoverWithUni(() ->
                        reader.findByRequestId(tenant, requestId).map(again -> existing(again.orElseThrow()))));
    }

    private Uni<StartExecutionResponse> startNew(String tenant, StartExecutionRequest request, String requestId,
                                                 String traceparent) {
        return definitions.forStart(tenant, request.getWorkflow(), request.getVersion()).chain(found -> {
            if (found == null) {
                return Uni.createFrom().failure(GrpcErrors.notFound(request.getVersion() == 0
                        ? "workflow: no workflow '" + request.getWorkflow() + "'"
                        : "version: workflow '" + request.getWorkflow() + "' has no version " + request.getVersion()));
            }
            Map<String, Object> input = ValueMapper.toMap(request.getInput());
            List<String> problems = inputs.validate(found, input);
            if (!problems.isEmpty()) {
                return Uni.createFrom().failure(GrpcErrors.invalid(String.join("; ", problems)));
            }
            String id = UUID.randomUUID().toString();
            return runtime.start(found, new Command.StartExecution(id, tenant, input, requestId, traceparent))
                    .map(state -> StartExecutionResponse.newBuilder().setExecutionId(id)
                            .setVersion(state.version()).setCreated(true).build());
        });
    }

    private static StartExecutionResponse existing(ExecutionRow row) {
        return StartExecutionResponse.newBuilder().setExecutionId(row.id()).setVersion(row.version())
                .setCreated(false).build();
    }

    private static boolean isDuplicateRequest(Throwable t) {
        String m = String.valueOf(t.getMessage());
        return m.contains("executions_request_id");
    }
}
