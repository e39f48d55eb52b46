package dev.weft.api.grpc;

import dev.weft.api.v1.DiffWorkflowVersionsRequest;
import dev.weft.api.v1.DiffWorkflowVersionsResponse;
import dev.weft.api.v1.GetWorkflowRequest;
import dev.weft.api.v1.ListWorkflowVersionsRequest;
import dev.weft.api.v1.ListWorkflowVersionsResponse;
import dev.weft.api.v1.SetDefaultVersionRequest;
import dev.weft.api.v1.SetDefaultVersionResponse;
import dev.weft.api.v1.ListWorkflowsRequest;
import dev.weft.api.v1.ListWorkflowsResponse;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.RegisterWorkflowResponse;
import dev.weft.api.v1.Workflow;
import dev.weft.api.v1.WorkflowService;
import dev.weft.definition.WorkflowClassifier;
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
        return Uni.createFrom().deferred(() -> definitions.register(tenant, request.getDefinition(),
                        Callers.requestedBy(request.getRequestedBy())))
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
            return Uni.createFrom().failure(GrpcErrors.invalid("version: must be 0 (the default) or positive, but got "
                    + request.getVersion()));
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

    @Override
    public Uni<SetDefaultVersionResponse> setDefaultVersion(SetDefaultVersionRequest request) {
        String tenant = Tenants.current();
        String problem = request.getName().isBlank() ? "name: required"
                : request.getVersion() < 0 ? "version: must be 0 (clear: the latest is the default) or a registered "
                + "version, but got " + request.getVersion() : null;
        if (problem != null) {
            return Uni.createFrom().failure(GrpcErrors.invalid(problem));
        }
        return Uni.createFrom().deferred(() -> definitions.setDefault(tenant, request.getName(), request.getVersion(),
                        Callers.requestedBy(request.getRequestedBy())))
                .map(d -> SetDefaultVersionResponse.newBuilder().setName(request.getName())
                        .setDefaultVersion(WorkflowVersionViews.defaultVersion(d)).build())
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<ListWorkflowVersionsResponse> listWorkflowVersions(ListWorkflowVersionsRequest request) {
        String tenant = Tenants.current();
        if (request.getName().isBlank()) {
            return Uni.createFrom().failure(GrpcErrors.invalid("name: required"));
        }
        return definitions.versions(tenant, request.getName())
                .map(v -> {
                    if (v == null) {
                        throw GrpcErrors.notFound("name: no workflow '" + RequestFields.clip(request.getName()) + "'");
                    }
                    return WorkflowVersionViews.versions(request.getName(), v);
                })
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<DiffWorkflowVersionsResponse> diffWorkflowVersions(DiffWorkflowVersionsRequest request) {
        String tenant = Tenants.current();
        String problem = request.getName().isBlank() ? "name: required"
                : request.getFromVersion() <= 0 ? "from_version: expected a registered version (positive), but got "
                + request.getFromVersion()
                : request.getToVersion() <= 0 ? "to_version: expected a registered version (positive), but got "
                + request.getToVersion() : null;
        if (problem != null) {
            return Uni.createFrom().failure(GrpcErrors.invalid(problem));
        }
        return definitions.diff(tenant, request.getName(), request.getFromVersion(), request.getToVersion())
                .map(d -> WorkflowVersionViews.diff(request.getName(), request.getFromVersion(),
                        request.getToVersion(), d))
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
                .setRegisteredBy(d.entity().registeredBy)
                .setWorkflowClass(RolloutViews.workflowClass(WorkflowClassifier.classify(d.definition())))
                .build();
    }
}
