package dev.weft.api.grpc;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.v1.CircuitBreaker;
import dev.weft.api.v1.CircuitBreakerServiceGrpc;
import dev.weft.api.v1.CircuitState;
import dev.weft.api.v1.GetCircuitBreakerRequest;
import dev.weft.api.v1.ListCircuitBreakersRequest;
import dev.weft.api.v1.ResetCircuitBreakerRequest;
import dev.weft.breaker.BreakerState;
import dev.weft.breaker.BreakerStatus;
import dev.weft.breaker.CapabilityBreakers;
import dev.weft.breaker.Outcome;
import dev.weft.breaker.PgBreakerStore;
import dev.weft.testing.Eventually;
import dev.weft.testing.GrpcClients;
import dev.weft.testing.WeftTestResources;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The breakers over a real gRPC channel, as an operator's client sees them. */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class CircuitBreakerServiceTest {
    final ManagedChannel channel = GrpcClients.channel();
    final CircuitBreakerServiceGrpc.CircuitBreakerServiceBlockingStub api =
            CircuitBreakerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    final String cap = "grpc-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    CapabilityBreakers breakers;
    @Inject
    Pool pool;
    PgBreakerStore store;

    @BeforeEach
    void store() {
        store = new PgBreakerStore(pool);
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Twenty timeouts fill the default window of twenty with failures. */
    private BreakerStatus open() {
        for (int i = 0; i < 20; i++) {
            breakers.record(cap, Outcome.timedOut(null));
        }
        Eventually.await("the breaker open in the table", Duration.ofSeconds(10), () -> store.load(cap)
                .await().indefinitely().map(row -> row.state() == BreakerState.OPEN).orElse(false));
        return breakers.status(cap).orElseThrow();
    }

    private CircuitBreaker get(String capability) {
        return api.getCircuitBreaker(GetCircuitBreakerRequest.newBuilder().setCapability(capability).build());
    }

    @Test
    void anOpenBreakerIsShownWithItsRetryTimeReasonAndCounts() {
        BreakerStatus open = open();

        CircuitBreaker shown = get(cap);

        assertThat(shown.getState()).isEqualTo(CircuitState.CIRCUIT_STATE_OPEN);
        assertThat(shown.getSince()).isEqualTo(ExecutionViews.ts(open.since()));
        assertThat(shown.getRetryAt()).isEqualTo(ExecutionViews.ts(open.since().plusSeconds(30)));
        assertThat(shown.getReason()).isEqualTo("20 of the last 20 tasks failed or timed out (failure ratio 0.5)");
        assertThat(shown.getRecentCalls()).isEqualTo(20);
        assertThat(shown.getRecentFailures()).isEqualTo(20);
        assertThat(shown.getSettings().getWindowSize()).isEqualTo(20);
        assertThat(shown.getSettings().getDelay().getSeconds()).isEqualTo(30);
        assertThat(shown.getSettings().getProbes()).isEqualTo(3);
        assertThat(shown.getChangedBy()).isNotEmpty();
    }

    @Test
    void theListCanBeNarrowedToAState() {
        open();

        assertThat(api.listCircuitBreakers(ListCircuitBreakersRequest.newBuilder()
                .setState(CircuitState.CIRCUIT_STATE_OPEN).build()).getCircuitBreakersList())
                .extracting(CircuitBreaker::getCapability).contains(cap);
        assertThat(api.listCircuitBreakers(ListCircuitBreakersRequest.newBuilder()
                .setState(CircuitState.CIRCUIT_STATE_CLOSED).build()).getCircuitBreakersList())
                .extracting(CircuitBreaker::getCapability).doesNotContain(cap);
        assertThat(api.listCircuitBreakers(ListCircuitBreakersRequest.getDefaultInstance()).getCircuitBreakersList())
                .extracting(CircuitBreaker::getCapability).contains(cap);
        assertThatThrownBy(() -> api.listCircuitBreakers(ListCircuitBreakersRequest.newBuilder().setStateValue(9).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("state: unknown value 9");
                });
    }

    @Test
    void aResetClosesItAndRecordsTheOperator() {
        open();

        CircuitBreaker reset = api.resetCircuitBreaker(ResetCircuitBreakerRequest.newBuilder()
                .setCapability(cap).setOperator("alice").build());

        assertThat(reset.getState()).isEqualTo(CircuitState.CIRCUIT_STATE_CLOSED);
        assertThat(reset.getReason()).isEqualTo("reset by alice");
        assertThat(reset.hasRetryAt()).isFalse();
        assertThat(get(cap).getState()).isEqualTo(CircuitState.CIRCUIT_STATE_CLOSED);
        assertThat(breakers.admit(cap)).isInstanceOf(dev.weft.breaker.Admission.Admitted.class);
    }

    @Test
    void aConfiguredCapabilityHasABreakerWithItsOwnSettingsBeforeAnyTaskOfIt() {
        CircuitBreaker configured = get("configured-in-test");

        assertThat(configured.getState()).isEqualTo(CircuitState.CIRCUIT_STATE_CLOSED);
        assertThat(configured.getSettings().getDelay().getSeconds()).isEqualTo(120);
        assertThat(configured.getSettings().getFailureRatio()).isEqualTo(0.25);
        assertThat(configured.getSettings().getWindowSize()).as("not overridden: the default").isEqualTo(20);
    }

    @Test
    void anUnknownCapabilityIsNotFoundNamingTheField() {
        for (Runnable call : new Runnable[]{
                () -> get("nobody-has-this"),
                () -> api.resetCircuitBreaker(ResetCircuitBreakerRequest.newBuilder()
                        .setCapability("nobody-has-this").build())}) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                assertThat(e.getStatus().getDescription()).isEqualTo("capability: no circuit breaker for "
                        + "'nobody-has-this' (no task of it was seen and it is not configured)");
            });
        }
    }

    @Test
    void badRequestsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> get("")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).isEqualTo("capability: required");
        });
        assertThatThrownBy(() -> get("no spaces")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).isEqualTo(
                    "capability: expected [A-Za-z0-9][A-Za-z0-9_.-]{0,99} (a step's agent), but got 'no spaces'");
        });
        open();
        assertThatThrownBy(() -> api.resetCircuitBreaker(ResetCircuitBreakerRequest.newBuilder().setCapability(cap)
                .setOperator("x".repeat(101)).build())).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).isEqualTo("operator: at most 100 characters, but got 101");
        });
        assertThat(get(cap).getState()).as("a refused reset changes nothing").isEqualTo(CircuitState.CIRCUIT_STATE_OPEN);
    }

    @Test
    void theServiceIsDiscoverableByReflection() throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        answer.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        ServerReflectionResponse response = answer.get(10, TimeUnit.SECONDS);
        requests.onCompleted();

        assertThat(response.getListServicesResponse().getServiceList())
                .extracting(s -> s.getName()).contains("weft.v1.CircuitBreakerService");
    }

    @Test
    void theStateGaugeAndTheTransitionsCounterAreExported() {
        open();

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).contains("weft_breaker_state{capability=\"" + cap + "\"} 2.0");
        assertThat(metrics).contains("weft_breaker_transitions_total{capability=\"" + cap
                + "\",from=\"CLOSED\",to=\"OPEN\"} 1.0");
    }
}
