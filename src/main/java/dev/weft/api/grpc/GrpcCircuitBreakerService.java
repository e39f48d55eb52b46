package dev.weft.api.grpc;

import com.google.protobuf.Duration;
import dev.weft.api.v1.CircuitBreaker;
import dev.weft.api.v1.CircuitBreakerService;
import dev.weft.api.v1.CircuitBreakerSettings;
import dev.weft.api.v1.CircuitState;
import dev.weft.api.v1.GetCircuitBreakerRequest;
import dev.weft.api.v1.ListCircuitBreakersRequest;
import dev.weft.api.v1.ListCircuitBreakersResponse;
import dev.weft.api.v1.ResetCircuitBreakerRequest;
import dev.weft.breaker.BreakerSettings;
import dev.weft.breaker.BreakerState;
import dev.weft.breaker.BreakerStatus;
import dev.weft.breaker.CapabilityBreakers;
import dev.weft.breaker.UnknownCapabilityException;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.regex.Pattern;

/** The circuit breakers of the agent capabilities, as the answering replica knows them. */
@GrpcService
public class GrpcCircuitBreakerService implements CircuitBreakerService {
    /** The rule for a step's {@code agent} in a definition: only such names ever get a breaker. */
    static final Pattern CAPABILITY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    static final int MAX_OPERATOR = 100;

    @Inject
    CapabilityBreakers breakers;

    @Override
    public Uni<ListCircuitBreakersResponse> listCircuitBreakers(ListCircuitBreakersRequest request) {
        if (request.getState() == CircuitState.UNRECOGNIZED) {
            return Uni.createFrom().failure(GrpcErrors.invalid("state: unknown value " + request.getStateValue()));
        }
        ListCircuitBreakersResponse.Builder b = ListCircuitBreakersResponse.newBuilder();
        for (BreakerStatus s : breakers.all()) {
            if (request.getState() == CircuitState.CIRCUIT_STATE_UNSPECIFIED || state(s.state()) == request.getState()) {
                b.addCircuitBreakers(view(s));
            }
        }
        return Uni.createFrom().item(b.build());
    }

    @Override
    public Uni<CircuitBreaker> getCircuitBreaker(GetCircuitBreakerRequest request) {
        StatusRuntimeException invalid = invalidCapability(request.getCapability());
        if (invalid != null) {
            return Uni.createFrom().failure(invalid);
        }
        return breakers.status(request.getCapability())
                .map(s -> Uni.createFrom().item(view(s)))
                .orElseGet(() -> Uni.createFrom().failure(notFound(request.getCapability())));
    }

    @Override
    public Uni<CircuitBreaker> resetCircuitBreaker(ResetCircuitBreakerRequest request) {
        StatusRuntimeException invalid = invalidCapability(request.getCapability());
        if (invalid != null) {
            return Uni.createFrom().failure(invalid);
        }
        String operator = request.getOperator().strip();
        if (operator.length() > MAX_OPERATOR) {
            return Uni.createFrom().failure(GrpcErrors.invalid("operator: at most " + MAX_OPERATOR
                    + " characters, but got " + operator.length()));
        }
        String who = operator.isEmpty() ? "an operator (no name given)" : operator;
        return Uni.createFrom().deferred(() -> breakers.reset(request.getCapability(), who))
                .map(GrpcCircuitBreakerService::view)
                .onFailure(UnknownCapabilityException.class).transform(e -> notFound(request.getCapability()))
                .onFailure().transform(GrpcErrors::toStatus);
    }

    private static StatusRuntimeException invalidCapability(String capability) {
        if (capability.isEmpty()) {
            return GrpcErrors.invalid("capability: required");
        }
        if (!CAPABILITY.matcher(capability).matches()) {
            return GrpcErrors.invalid("capability: expected [A-Za-z0-9][A-Za-z0-9_.-]{0,99} (a step's agent), "
                    + "but got '" + (capability.length() > 120 ? capability.substring(0, 120) + "..." : capability)
                    + "'");
        }
        return null;
    }

    private static StatusRuntimeException notFound(String capability) {
        return GrpcErrors.notFound("capability: no circuit breaker for '" + capability
                + "' (no task of it was seen and it is not configured)");
    }

    static CircuitBreaker view(BreakerStatus s) {
        BreakerSettings c = s.settings();
        CircuitBreaker.Builder b = CircuitBreaker.newBuilder()
                .setCapability(s.capability())
                .setState(state(s.state()))
                .setSince(ExecutionViews.ts(s.since()))
                .setReason(s.reason())
                .setRecentCalls(s.recentCalls())
                .setRecentFailures(s.recentFailures())
                .setProbesClaimed(s.probesClaimed())
                .setProbeSuccesses(s.probeSuccesses())
                .setChangedBy(s.changedBy())
                .setSettings(CircuitBreakerSettings.newBuilder()
                        .setFailureRatio(c.failureRatio())
                        .setWindowSize(c.requestVolumeThreshold())
                        .setDelay(Duration.newBuilder().setSeconds(c.delay().getSeconds()).setNanos(c.delay().getNano()))
                        .setProbes(c.probes())
                        .setSuccessThreshold(c.successThreshold()));
        if (s.retryAt() != null) {
            b.setRetryAt(ExecutionViews.ts(s.retryAt()));
        }
        return b.build();
    }

    static CircuitState state(BreakerState state) {
        return switch (state) {
            case CLOSED -> CircuitState.CIRCUIT_STATE_CLOSED;
            case OPEN -> CircuitState.CIRCUIT_STATE_OPEN;
            case HALF_OPEN -> CircuitState.CIRCUIT_STATE_HALF_OPEN;
        };
    }
}
