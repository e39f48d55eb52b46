package dev.weft.api.grpc;

import dev.weft.agents.LivenessMonitor;
import dev.weft.api.v1.CancelExecutionRequest;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionService;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.GetExecutionHistoryRequest;
import dev.weft.api.v1.GetExecutionHistoryResponse;
import dev.weft.api.v1.GetExecutionRequest;
import dev.weft.api.v1.ListExecutionsRequest;
import dev.weft.api.v1.ListExecutionsResponse;
import dev.weft.api.v1.PauseExecutionRequest;
import dev.weft.api.v1.ResumeExecutionRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.StartExecutionResponse;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.engine.Command;
import dev.weft.runtime.ExecutionNotFoundException;
import dev.weft.runtime.ExecutionRuntime;
import dev.weft.runtime.HistoryEntry;
import dev.weft.store.PgExecutionReader;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.function.Function;

@GrpcService
public class GrpcExecutionService implements ExecutionService {

    @Inject
    ExecutionStarter starter;
    @Inject
    ExecutionRuntime runtime;
    @Inject
    PgExecutionReader reader;
    @Inject
    ExecutionWatch watch;
    @Inject
    ExecutionLister lister;
    @Inject
    LivenessMonitor liveness;
    @Inject
    WaitRequests waits;

    static final int MAX_REASON = 1000;

    @Override
    public Uni<StartExecutionResponse> startExecution(StartExecutionRequest request) {
        String tenant = Tenants.current();
        return Uni.createFrom().deferred(() -> starter.start(tenant, request))
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<Execution> getExecution(GetExecutionRequest request) {
        String tenant = Tenants.current();
        return view(tenant, request.getExecutionId()).onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Multi<ExecutionUpdate> watchExecution(WatchExecutionRequest request) {
        String tenant = Tenants.current();
        if (request.getExecutionId().isBlank()) {
            return Multi.createFrom().failure(GrpcErrors.invalid("execution_id: required"));
        }
        if (request.getAfterSequence() < 0) {
            return Multi.createFrom().failure(GrpcErrors.invalid("after_sequence: must not be negative"));
        }
        return watch.watch(tenant, request.getExecutionId(), request.getAfterSequence())
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<ListExecutionsResponse> listExecutions(ListExecutionsRequest request) {
        String tenant = Tenants.current();
        return Uni.createFrom().deferred(() -> lister.list(tenant, request))
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<Execution> cancelExecution(CancelExecutionRequest request) {
        String tenant = Tenants.current();
        if (request.getReason().length() > MAX_REASON) {
            return Uni.createFrom().failure(GrpcErrors.invalid("reason: at most " + MAX_REASON + " characters"));
        }
        return view(tenant, request.getExecutionId())
                .chain(() -> runtime.submit(request.getExecutionId(), new Command.CancelExecution(request.getReason())))
                .chain(() -> view(tenant, request.getExecutionId()))
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<Execution> pauseExecution(PauseExecutionRequest request) {
        return operate(request.getExecutionId(), request.getReason(),
                caller -> new Command.PauseExecution(request.getReason(), caller));
    }

    @Override
    public Uni<Execution> resumeExecution(ResumeExecutionRequest request) {
        return operate(request.getExecutionId(), request.getReason(),
                caller -> new Command.ResumeExecution(request.getReason(), caller));
    }

    /**
     * An operator's command on one execution of the caller's tenant: checked, decided, and
     * answered with the execution as it is after the command committed.
     */
    private Uni<Execution> operate(String executionId, String reason,
                                   Function<String, Command> command) {
        String tenant = Tenants.current();
        String caller = Callers.current().orElse(null);
        String problem = problem(executionId, reason, caller);
        if (problem != null) {
            return Uni.createFrom().failure(GrpcErrors.invalid(problem));
        }
        return view(tenant, executionId)
                .chain(() -> runtime.submit(executionId, command.apply(caller)))
                .chain(() -> view(tenant, executionId))
                .onFailure().transform(GrpcErrors::toStatus);
    }

    /** What is wrong with an operator's request, naming the field; null when nothing is. */
    private static String problem(String executionId, String reason, String caller) {
        if (executionId.isBlank()) {
            return "execution_id: required";
        }
        if (RequestFields.executionIdProblem(executionId) != null) {
            return RequestFields.executionIdProblem(executionId);
        }
        if (reason.length() > MAX_REASON) {
            return "reason: at most " + MAX_REASON + " characters, but got " + reason.length();
        }
        return caller == null ? null : Callers.problem(caller);
    }



    @Override
    public Uni<dev.weft.api.v1.SignalExecutionResponse> signalExecution(dev.weft.api.v1.SignalExecutionRequest request) {
        String tenant = Tenants.current();
        return Uni.createFrom().deferred(() -> waits.signal(tenant, request)).onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<dev.weft.api.v1.ListApprovalsResponse> listApprovals(dev.weft.api.v1.ListApprovalsRequest request) {
        String tenant = Tenants.current();
        return Uni.createFrom().deferred(() -> waits.list(tenant, request)).onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<Execution> decideApproval(dev.weft.api.v1.DecideApprovalRequest request) {
        String tenant = Tenants.current();
        return Uni.createFrom().deferred(() -> waits.decide(tenant, request)).onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<GetExecutionHistoryResponse> getExecutionHistory(GetExecutionHistoryRequest request) {
        String tenant = Tenants.current();
        int pageSize = request.getPageSize() == 0 ? 100 : request.getPageSize();
        if (pageSize < 0 || pageSize > 1000) {
            return Uni.createFrom().failure(GrpcErrors.invalid("page_size: expected 0..1000, but got "
                    + request.getPageSize()));
        }
        if (request.getAfterSequence() < 0) {
            return Uni.createFrom().failure(GrpcErrors.invalid("after_sequence: must not be negative"));
        }
        return view(tenant, request.getExecutionId())
                .chain(() -> reader.events(request.getExecutionId(), request.getAfterSequence(), pageSize + 1))
                .map(events -> {
                    GetExecutionHistoryResponse.Builder b = GetExecutionHistoryResponse.newBuilder();
                    events.stream().limit(pageSize)
                            .forEach(e -> b.addEvents(ExecutionViews.history(HistoryEntry.of(e))));
                    if (events.size() > pageSize) {
                        b.setNextAfterSequence(events.get(pageSize - 1).sequence());
                    }
                    return b.build();
                })
                .onFailure().transform(GrpcErrors::toStatus);
    }

    /** The execution as the API shows it, checked to belong to the caller's tenant. */
    private Uni<Execution> view(String tenant, String executionId) {
        if (executionId.isBlank()) {
            return Uni.createFrom().failure(GrpcErrors.invalid("execution_id: required"));
        }
        return runtime.snapshot(executionId).chain(s -> {
            var state = s.state();
            if (!state.tenant().equals(tenant)) {
                return Uni.createFrom().failure(new ExecutionNotFoundException(executionId));
            }
            if (state.status() != dev.weft.engine.ExecutionStatus.RUNNING) {
                // Ended, or paused: no end to estimate.
                return Uni.createFrom().item(ExecutionViews.execution(state, s.definition(), null, liveness.view()));
            }
            // Running: estimate the end from how long earlier runs of this version took.
            return reader.typicalDuration(state.tenant(), state.workflow(), state.version()).map(typical ->
                    ExecutionViews.execution(state, s.definition(),
                            typical.map(d -> state.startedAt().plus(d)).orElse(null), liveness.view()));
        });
    }
}
