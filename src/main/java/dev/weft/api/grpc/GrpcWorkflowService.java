package dev.weft.api.grpc;

import dev.weft.api.v1.GetWorkflowRequest;
import dev.weft.api.v1.ListWorkflowsRequest;
import dev.weft.api.v1.ListWorkflowsResponse;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.RegisterWorkflowResponse;
import dev.weft.api.v1.Workflow;
import dev.weft.api.v1.WorkflowService;
import dev.weft.runtime.DefinitionService;
import dev.weft.store.Timestamps;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

@GrpcService
public class GrpcWorkflowService implements WorkflowService {
    /** In UTF-8 bytes, as the definition travels and is stored; the transport cap leaves room for it. */
    static final int MAX_DEFINITION_BYTES = 1 << 20;

    @Inject
    DefinitionService definitions;

    @Override
    public Uni<RegisterWorkflowResponse> registerWorkflow(RegisterWorkflowRequest request) {
        String tenant = Tenants.current();
        if (request.getDefinition().isBlank()) {
            return Uni.createFrom().failure(GrpcErrors.invalid("definition: required (YAML or JSON text)"));
        }
        int bytes = request.getDefinitionBytes().size();
        if (bytes > MAX_DEFINITION_BYTES) {
            return Uni.createFrom().failure(GrpcErrors.invalid("definition: at most " + MAX_DEFINITION_BYTES
                    + " bytes (1 MiB of UTF-8), but got " + bytes + " bytes"));
        }
        return Uni.createFrom().deferred(() -> definitions.register(tenant, request.getDefinition()))
                .map(def -> RegisterWorkflowResponse.newBuilder().setName(def.name()).setVersion(def.version()).build())
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<Workflow> getWorkflow(GetWorkflowRequest request) {
        String tenant = Tenants.current();
        if (request.getName().isBlank()) {
            return Uni.createFrom().failure(GrpcErrors.invalid("name: required"));
        }
        if (request.getVersion() < 0) {
            return Uni.createFrom().failure(GrpcErrors.invalid("version: must be 0 (latest) or positive"));
        }
        return definitions.find(tenant, request.getName(), request.getVersion())
                .map(found -> {
                    if (found == null) {
                        throw GrpcErrors.notFound(request.getVersion() == 0
                                ? "name: no workflow '" + request.getName() + "'"
                                : "version: workflow '" + request.getName() + "' has no version " + request.getVersion());
                    }
                    return workflow(found);
                })
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<ListWorkflowsResponse> listWorkflows(ListWorkflowsRequest request) {
        return definitions.list(Tenants.current(), request.getName())
                .map(list -> ListWorkflowsResponse.newBuilder()
                        .addAllWorkflows(list.stream().map(GrpcWorkflowService::workflow).toList()).build())
                .onFailure().transform(GrpcErrors::toStatus);
    }

    private static Workflow workflow(DefinitionService.StoredDefinition d) {
        return Workflow.newBuilder()
                .setName(d.entity().name)
                .setVersion(d.entity().version)
                .setDescription(d.entity().description)
                .setDefinition(d.entity().source)
                .setRegisteredAt(ExecutionViews.ts(Timestamps.of(d.entity().registeredAt)))
                .addAllStepIds(d.definition().steps().stream().map(s -> s.id()).toList())
                .build();
    }
}
