package dev.weft.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.AgentOptions;
import dev.weft.agent.AgentRunner;
import dev.weft.agent.TaskException;
import dev.weft.api.v1.CircuitBreakerServiceGrpc;
import dev.weft.api.v1.CircuitState;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.GetCircuitBreakerRequest;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.StepStatus;
import dev.weft.testing.Eventually;
import dev.weft.testing.GrpcClients;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.grpc.ManagedChannel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A capability that keeps failing trips its breaker; its new tasks are then held (or fail fast,
 * when their step says so) and go out once a probe succeeded — end to end, with a real agent.
 * Capability {@code brittle} trips after 4 outcomes and half-opens after 5 s (test profile).
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class HeldTasksTest {
    final WeftClient client = new WeftClient();
    @jakarta.inject.Inject
    dev.weft.wiring.ReplicaTicks ticks;
    final AtomicBoolean broken = new AtomicBoolean(true);
    ManagedChannel channel;
    AgentRunner agent;

    @BeforeEach
    void open() {
        channel = GrpcClients.channel();
        agent = AgentRunner.builder(AgentOptions.of(WeftTestResources.broker().host(), WeftTestResources.broker().port(),
                        "brittle-agent"))
                .handler("brittle", task -> broken.get()
                        ? CompletableFuture.failedFuture(new TaskException("the service behind me is down", true))
                        : CompletableFuture.completedFuture(task.input()))
                .build().startAndWait(Duration.ofSeconds(10));
    }

    @AfterEach
    void close() throws InterruptedException {
        agent.close();
        client.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private CircuitState state() {
        return CircuitBreakerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .getCircuitBreaker(GetCircuitBreakerRequest.newBuilder().setCapability("brittle").build()).getState();
    }

    @Test
    void aFailingCapabilityTripsItsBreakerHoldsNewTasksAndReleasesThemOnceAProbeSucceeds() {
        client.register("""
                name: brittle-work
                steps:
                  - { id: call, agent: brittle, input: { n: "{{ input.n }}" }, retry: { max_attempts: 1 }, on_error: continue }
                """);
        client.register("""
                name: brittle-impatient
                steps:
                  - { id: call, agent: brittle, on_circuit_open: fail, on_error: continue }
                """);
        List<String> failing = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            failing.add(client.start("brittle-work", "{\"n\": " + i + "}"));
        }
        failing.forEach(client::awaitEnd);
        Eventually.await("the breaker opens", Duration.ofSeconds(10), () -> state() == CircuitState.CIRCUIT_STATE_OPEN);

        String held = client.start("brittle-work", "{\"n\": 42}");
        Eventually.await("the new task is held", Duration.ofSeconds(10), () ->
                client.get(held).getSteps(0).getStatus() == StepStatus.STEP_STATUS_HELD);
        HistoryEvent heldEvent = client.history(held).stream().filter(h -> h.getType().equals("TaskHeld"))
                .findFirst().orElseThrow();
        assertThat(heldEvent.getDetails().getFieldsMap().get("capability").getStringValue()).isEqualTo("brittle");
        assertThat(heldEvent.getDetails().getFieldsMap().get("reason").getStringValue()).isNotBlank();
        assertThat(client.history(held)).extracting(HistoryEvent::getType).doesNotContain("TaskDispatched");
        assertThat(ticks.releaseWhereItMayGo(held).await().atMost(Duration.ofSeconds(10)))
                .as("the sweep of held steps leaves a capability alone while its breaker is open").isEmpty();
        assertThat(client.history(held)).extracting(HistoryEvent::getType).doesNotContain("TaskReleased");

        var impatient = client.awaitEnd(client.start("brittle-impatient", "{}"));
        assertThat(impatient.getSteps(0).getError().getType()).isEqualTo("circuit_open");

        broken.set(false);
        var done = client.awaitEnd(held);
        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(done.getSteps(0).getStatus()).isEqualTo(StepStatus.STEP_STATUS_COMPLETED);
        Eventually.await("a successful probe closes it", Duration.ofSeconds(10),
                () -> state() == CircuitState.CIRCUIT_STATE_CLOSED);
    }
}
