package dev.weft.api.grpc;

import dev.weft.api.v1.ClearRolloutFlagRequest;
import dev.weft.api.v1.GetRolloutFlagRequest;
import dev.weft.api.v1.ListRolloutFlagChangesRequest;
import dev.weft.api.v1.ListRolloutFlagChangesResponse;
import dev.weft.api.v1.ListRolloutFlagsRequest;
import dev.weft.api.v1.ListRolloutFlagsResponse;
import dev.weft.api.v1.RolloutFlag;
import dev.weft.api.v1.RolloutService;
import dev.weft.api.v1.SetRolloutFlagRequest;
import dev.weft.rollout.FlagChange;
import dev.weft.rollout.FlagValue;
import dev.weft.rollout.RolloutFlags;
import dev.weft.runtime.DefinitionService;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** RolloutService (proto/weft/v1/rollout.proto): the rollout flag's values in the caller's tenant. */
@GrpcService
public class GrpcRolloutService implements RolloutService {
    static final int MAX_PAGE = 500;

    @Inject
    RolloutFlags flags;
    @Inject
    DefinitionService definitions;

    @Override
    public Uni<RolloutFlag> setRolloutFlag(SetRolloutFlagRequest request) {
        String tenant = Tenants.current();
        String caller = Callers.current().orElse("");
        return Uni.createFrom().deferred(() -> {
            FlagValue value = value(request);
            return known(tenant, request.getWorkflow(), caller)
                    .chain(() -> flags.change(tenant, request.getWorkflow(), value, caller))
                    .map(f -> RolloutViews.flag(request.getWorkflow(), f));
        }).onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<RolloutFlag> clearRolloutFlag(ClearRolloutFlagRequest request) {
        String tenant = Tenants.current();
        String caller = Callers.current().orElse("");
        return Uni.createFrom().deferred(() -> known(tenant, request.getWorkflow(), caller)
                        .chain(() -> flags.change(tenant, request.getWorkflow(), null, caller))
                        .map(f -> RolloutViews.flag(request.getWorkflow(), f)))
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<RolloutFlag> getRolloutFlag(GetRolloutFlagRequest request) {
        String tenant = Tenants.current();
        return Uni.createFrom().deferred(() -> known(tenant, request.getWorkflow(), "")
                        .chain(() -> flags.resolve(tenant, request.getWorkflow()))
                        .map(f -> RolloutViews.flag(request.getWorkflow(), f)))
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<ListRolloutFlagsResponse> listRolloutFlags(ListRolloutFlagsRequest request) {
        String tenant = Tenants.current();
        return flags.list(tenant).map(list -> ListRolloutFlagsResponse.newBuilder()
                        .addAllFlags(list.stream().map(RolloutViews::flag).toList()).build())
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<ListRolloutFlagChangesResponse> listRolloutFlagChanges(ListRolloutFlagChangesRequest request) {
        String tenant = Tenants.current();
        int pageSize = request.getPageSize() == 0 ? 100 : request.getPageSize();
        if (pageSize < 0 || pageSize > MAX_PAGE) {
            return Uni.createFrom().failure(GrpcErrors.invalid("page_size: expected 0.." + MAX_PAGE + ", but got "
                    + request.getPageSize()));
        }
        String workflow = request.getWorkflow().isEmpty() ? null : request.getWorkflow();
        return flags.history(tenant, workflow, pageSize).map(list -> ListRolloutFlagChangesResponse.newBuilder()
                        .addAllChanges(list.stream().map(RolloutViews::change).toList()).build())
                .onFailure().transform(GrpcErrors::toStatus);
    }

    /** The value a set request asks for; INVALID_ARGUMENT naming the field at fault. */
    private static FlagValue value(SetRolloutFlagRequest request) {
        int percentage = request.hasPercentage() ? request.getPercentage() : FlagValue.ALL;
        String problem = FlagValue.percentageProblem(percentage);
        if (problem != null) {
            throw GrpcErrors.invalid(problem);
        }
        return new FlagValue(RolloutViews.phase(request.getPhase()), percentage);
    }

    /**
     * Completes when the workflow is "" (the tenant's value) or a registered workflow of the
     * tenant, and the caller header is fine; fails INVALID_ARGUMENT naming the field otherwise.
     */
    private Uni<Void> known(String tenant, String workflow, String caller) {
        String problem = caller.isEmpty() ? null : Callers.problem(caller);
        if (problem != null) {
            return Uni.createFrom().failure(GrpcErrors.invalid(problem));
        }
        if (workflow.equals(FlagChange.TENANT_WIDE)) {
            return Uni.createFrom().voidItem();
        }
        if (workflow.length() > ExecutionStarter.MAX_NAME_LENGTH) {
            return Uni.createFrom().failure(GrpcErrors.invalid("workflow: at most " + ExecutionStarter.MAX_NAME_LENGTH
                    + " characters, but got " + workflow.length()));
        }
        return definitions.find(tenant, workflow, 0).map(found -> {
            if (found == null) {
                throw GrpcErrors.invalid("workflow: no workflow '" + RequestFields.clip(workflow) + "'");
            }
            return null;
        }).replaceWithVoid();
    }
}
