package dev.weft.api.grpc;

import dev.weft.api.v1.DeadLetter;
import dev.weft.api.v1.DeadLetterService;
import dev.weft.api.v1.DeadLetterStatus;
import dev.weft.api.v1.DiscardDeadLetterRequest;
import dev.weft.api.v1.GetDeadLetterRequest;
import dev.weft.api.v1.ListDeadLettersRequest;
import dev.weft.api.v1.ListDeadLettersResponse;
import dev.weft.api.v1.ReplayDeadLetterRequest;
import dev.weft.api.v1.ReplayDeadLetterResponse;
import dev.weft.runtime.DeadLetters;
import dev.weft.runtime.ExecutionRuntime;
import dev.weft.store.DeadLetterQuery;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

@GrpcService
public class GrpcDeadLetterService implements DeadLetterService {
    static final int MAX_REASON = 1000;

    @Inject
    DeadLetters deadLetters;
    @Inject
    ExecutionRuntime runtime;
    @Inject
    dev.weft.agents.LivenessMonitor liveness;

    @Override
    public Uni<ListDeadLettersResponse> listDeadLetters(ListDeadLettersRequest request) {
        String tenant = Tenants.current();
        int pageSize = request.getPageSize() == 0 ? 50 : request.getPageSize();
        if (pageSize < 0 || pageSize > 500) {
            return Uni.createFrom().failure(GrpcErrors.invalid("page_size: expected 0..500, but got "
                    + request.getPageSize()));
        }
        Long before;
        try {
            before = request.getPageToken().isBlank() ? null : Long.parseLong(request.getPageToken());
        } catch (NumberFormatException e) {
            return Uni.createFrom().failure(GrpcErrors.invalid("page_token: not a token this API returned"));
        }
        String status = request.getStatus() == DeadLetterStatus.DEAD_LETTER_STATUS_UNSPECIFIED ? null
                : request.getStatus().name().substring("DEAD_LETTER_STATUS_".length());
        DeadLetterQuery query = new DeadLetterQuery(tenant, blankToNull(request.getExecutionId()),
                blankToNull(request.getSource()), status, before, pageSize + 1);
        return deadLetters.list(query).map(rows -> {
                    ListDeadLettersResponse.Builder b = ListDeadLettersResponse.newBuilder();
                    rows.stream().limit(pageSize).forEach(r -> b.addDeadLetters(DeadLetterViews.view(r, false)));
                    if (rows.size() > pageSize) {
                        b.setNextPageToken(String.valueOf(rows.get(pageSize - 1).id()));
                    }
                    return b.build();
                })
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<DeadLetter> getDeadLetter(GetDeadLetterRequest request) {
        String tenant = Tenants.current();
        if (request.getId() <= 0) {
            return Uni.createFrom().failure(GrpcErrors.invalid("id: required"));
        }
        return deadLetters.get(tenant, request.getId()).map(d -> DeadLetterViews.view(d, true))
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<ReplayDeadLetterResponse> replayDeadLetter(ReplayDeadLetterRequest request) {
        String tenant = Tenants.current();
        String invalid = check(request.getId(), request.getReason());
        if (invalid != null) {
            return Uni.createFrom().failure(GrpcErrors.invalid(invalid));
        }
        return deadLetters.replay(tenant, request.getId(), request.getReason())
                .chain(outcome -> runtime.snapshot(outcome.execution().executionId())
                        .map(s -> ReplayDeadLetterResponse.newBuilder()
                                .setDeadLetter(DeadLetterViews.view(outcome.letter(), false))
                                .setExecution(ExecutionViews.execution(s.state(), s.definition(), null,
                                        liveness.view())).build()))
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<DeadLetter> discardDeadLetter(DiscardDeadLetterRequest request) {
        String tenant = Tenants.current();
        String invalid = check(request.getId(), request.getReason());
        if (invalid != null) {
            return Uni.createFrom().failure(GrpcErrors.invalid(invalid));
        }
        return deadLetters.discard(tenant, request.getId(), request.getReason())
                .map(d -> DeadLetterViews.view(d, false))
                .onFailure().transform(GrpcErrors::toStatus);
    }

    private static String check(long id, String reason) {
        if (id <= 0) {
            return "id: required";
        }
        if (reason.length() > MAX_REASON) {
            return "reason: at most " + MAX_REASON + " characters";
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
