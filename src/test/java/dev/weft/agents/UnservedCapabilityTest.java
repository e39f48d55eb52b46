package dev.weft.agents;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.AgentOptions;
import dev.weft.agent.AgentRunner;
import dev.weft.api.v1.AgentServiceGrpc;
import dev.weft.api.v1.Capability;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.ListAgentsRequest;
import dev.weft.api.v1.ListCapabilitiesRequest;
import dev.weft.api.v1.StepNotice;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.testing.Eventually;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A task on a capability no agent serves used to wait silently. Now GetExecution and the watch
 * stream say so, the gauges count it, the log warns once, and all of it clears when an agent for
 * the capability starts. Refreshes are driven here ({@code %test} refreshes on its own only hourly).
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class UnservedCapabilityTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    final WeftClient client = new WeftClient();
    final List<LogRecord> logs = new CopyOnWriteArrayList<>();
    final Logger monitorLog = Logger.getLogger(LivenessMonitor.class.getName());
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logs.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Inject
    LivenessMonitor liveness;
    @Inject
    MeterRegistry meters;

    @BeforeEach
    void captureLogs() {
        monitorLog.addHandler(capture);
    }

    @AfterEach
    void close() throws InterruptedException {
        monitorLog.removeHandler(capture);
        client.close();
    }

    @Test
    void aTaskOnACapabilityNobodyServesCarriesANoticeUntilAnAgentForItStarts() {
        client.register("""
                name: lonely-work
                steps:
                  - { id: ask, agent: lonely, input: { q: "{{ input.q }}" } }
                output: { a: "{{ steps.ask.output.a }}" }
                """);
        String id = client.start("lonely-work", "{\"q\": \"anyone?\"}");
        Recorder watch = new Recorder(client, id);
        watch.await("ask running",
                u -> stepOf(u).filter(s -> s.getStatus() == StepStatus.STEP_STATUS_RUNNING).isPresent());

        refresh();
        StepRun ask = client.get(id).getSteps(0);
        Instant dispatched = Instant.ofEpochSecond(ask.getStartedAt().getSeconds(), ask.getStartedAt().getNanos());
        String expected = "no live agent for capability 'lonely' since " + dispatched.truncatedTo(ChronoUnit.SECONDS)
                + "; the task waits in the broker";
        assertThat(ask.getStatus()).isEqualTo(StepStatus.STEP_STATUS_RUNNING);
        assertThat(ask.getNotice()).isEqualTo(expected);

        ExecutionUpdate noticed = watch.await("a notice update",
                u -> u.hasNotice() && !u.getNotice().getNotice().isEmpty());
        StepNotice notice = noticed.getNotice();
        assertThat(notice.getStepId()).isEqualTo("ask");
        assertThat(notice.getNotice()).isEqualTo(expected);
        assertThat(notice.getCapability()).isEqualTo("lonely");
        assertThat(notice.getUnservedSince().getSeconds()).isEqualTo(dispatched.getEpochSecond());
        assertThat(noticed.getSequence()).as("a notice keeps the sequence of the last event sent")
                .isEqualTo(watch.sequenceBefore(noticed));

        assertThat(gauge("weft.agents.live")).isZero();
        assertThat(gauge("weft.tasks.unserved")).isEqualTo(1);
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .containsPattern("weft_tasks_unserved\\{[^}]*capability=\"lonely\"[^}]*} 1\\.0");
        Capability listed = capability();
        assertThat(listed.getLiveAgents()).isZero();
        assertThat(listed.getRunningTasks()).isEqualTo(1);
        assertThat(listed.getUnservedSince().getSeconds()).isEqualTo(dispatched.getEpochSecond());

        refresh();
        assertThat(lines(Level.WARNING)).as("one warning, however many refreshes")
                .containsExactly("capability 'lonely' has no live agent since "
                        + dispatched.truncatedTo(ChronoUnit.SECONDS)
                        + "; 1 dispatched task(s) wait in the broker until an agent for it connects");

        CompletableFuture<Object> answer = new CompletableFuture<>();
        var broker = WeftTestResources.broker();
        try (AgentRunner agent = AgentRunner.builder(AgentOptions.of(broker.host(), broker.port(), "lonely-agent")
                        .withHeartbeatInterval(Duration.ofSeconds(1)))
                .handler("lonely", task -> answer).build().startAndWait(WAIT)) {
            var agents = AgentServiceGrpc.newBlockingStub(client.channel);
            Eventually.await("the agent's heartbeat is stored", WAIT, () -> agents.listAgents(
                    ListAgentsRequest.newBuilder().setCapability("lonely").build()).getAgentsCount() == 1);
            refresh();

            ExecutionUpdate cleared = watch.await("the cleared notice",
                    u -> u.hasNotice() && u.getNotice().getNotice().isEmpty());
            assertThat(cleared.getNotice().getStepId()).isEqualTo("ask");
            assertThat(cleared.getNotice().hasUnservedSince()).isFalse();
            StepRun served = client.get(id).getSteps(0);
            assertThat(served.getStatus()).as("the agent holds the task").isEqualTo(StepStatus.STEP_STATUS_RUNNING);
            assertThat(served.getNotice()).isEmpty();
            assertThat(gauge("weft.agents.live")).isEqualTo(1);
            assertThat(gauge("weft.tasks.unserved")).isZero();
            assertThat(capability().getLiveAgents()).isEqualTo(1);
            assertThat(capability().hasUnservedSince()).isFalse();
            assertThat(lines(Level.INFO)).contains(
                    "capability 'lonely' is served again by 1 live agent(s); 1 dispatched task(s) can now be taken");

            answer.complete(Map.of("a", "yes"));
            watch.await("the end", u -> u.hasChange()
                    && u.getChange().getStatus() == ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        }
        var done = client.get(id);
        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(done.getOutput().getStructValue().getFieldsMap().get("a").getStringValue()).isEqualTo("yes");
        assertThat(lines(Level.WARNING)).hasSize(1);
    }

    private void refresh() {
        liveness.refresh().await().atMost(WAIT);
    }

    private double gauge(String name) {
        return meters.get(name).tag("capability", "lonely").gauge().value();
    }

    private Capability capability() {
        return AgentServiceGrpc.newBlockingStub(client.channel)
                .listCapabilities(ListCapabilitiesRequest.getDefaultInstance()).getCapabilitiesList().stream()
                .filter(c -> c.getCapability().equals("lonely")).findFirst().orElseThrow();
    }

    private List<String> lines(Level level) {
        return logs.stream().filter(r -> r.getLevel().intValue() == level.intValue())
                .filter(r -> r.getMessage().contains("'lonely'")).map(LogRecord::getMessage).toList();
    }

    private static Optional<StepRun> stepOf(ExecutionUpdate u) {
        if (u.hasSnapshot()) {
            return u.getSnapshot().getStepsList().stream().filter(s -> s.getStepId().equals("ask")).findFirst();
        }
        return u.hasChange() && u.getChange().hasStep() ? Optional.of(u.getChange().getStep()) : Optional.empty();
    }

    /** Records a WatchExecution stream as it arrives. */
    static final class Recorder {
        final List<ExecutionUpdate> updates = new CopyOnWriteArrayList<>();

        Recorder(WeftClient client, String executionId) {
            ExecutionServiceGrpc.newStub(client.channel).watchExecution(
                    WatchExecutionRequest.newBuilder().setExecutionId(executionId).build(), new StreamObserver<>() {
                        @Override
                        public void onNext(ExecutionUpdate update) {
                            updates.add(update);
                        }

                        @Override
                        public void onError(Throwable t) {
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
        }

        ExecutionUpdate await(String what, Predicate<ExecutionUpdate> match) {
            Eventually.await(what, WAIT, () -> updates.stream().anyMatch(match));
            return updates.stream().filter(match).findFirst().orElseThrow();
        }

        long sequenceBefore(ExecutionUpdate update) {
            return updates.subList(0, updates.indexOf(update)).stream().mapToLong(ExecutionUpdate::getSequence).max()
                    .orElseThrow();
        }
    }
}
