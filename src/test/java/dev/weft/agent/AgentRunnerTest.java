package dev.weft.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.weft.agent.demo.DemoAgents;
import dev.weft.messaging.broker.EmbeddedBroker;
import io.vertx.amqp.AmqpMessage;

class AgentRunnerTest {

    private static EmbeddedBroker broker;
    private static FakeEngine engine;
    private final List<AgentRunner> runners = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults());
        engine = new FakeEngine(broker.host(), broker.port());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @AfterEach
    void stopRunners() {
        runners.forEach(AgentRunner::close);
    }

    private AgentRunner demoAgents() {
        AgentRunner runner = DemoAgents.startAll(AgentOptions.of(broker.host(), broker.port(), "demo-" + UUID.randomUUID())
                .withHeartbeatInterval(Duration.ofSeconds(1)));
        runners.add(runner);
        return runner;
    }

    private AgentRunner agent(String capability, AgentHandler handler, AgentOptions options) {
        AgentRunner runner = AgentRunner.builder(options).handler(capability, handler).build()
                .startAndWait(Duration.ofSeconds(10));
        runners.add(runner);
        return runner;
    }

    private static String exec() {
        return "exec-" + UUID.randomUUID();
    }

    @Test
    void echoResultGoesToReplyToWithCorrelationAndProperties() throws Exception {
        AgentRunner runner = demoAgents();
        String executionId = exec();
        Map<String, Object> input = Map.of("greeting", "hi", "n", 42, "nested", List.of(1.5, true));

        String taskId = engine.sendTask("echo", executionId, "say", 1, input);
        AmqpMessage result = engine.awaitResult(taskId);

        assertThat(result.correlationId()).isEqualTo(taskId);
        assertThat(result.contentType()).isEqualTo("application/json");
        assertThat(result.isDurable()).isTrue();
        assertThat(result.applicationProperties().getString("weft-task-id")).isEqualTo(taskId);
        assertThat(result.applicationProperties().getString("weft-agent-id")).isEqualTo(runner.agentId());
        assertThat(result.applicationProperties().getString("weft-tenant")).isEqualTo("acme");
        assertThat(result.applicationProperties().getString("traceparent")).startsWith("00-0af7651916cd43dd");
        JsonNode body = FakeEngine.body(result);
        assertThat(body.path("taskId").asText()).isEqualTo(taskId);
        assertThat(body.path("executionId").asText()).isEqualTo(executionId);
        assertThat(body.path("stepId").asText()).isEqualTo("say");
        assertThat(body.path("attempt").asInt()).isEqualTo(1);
        assertThat(body.path("agentId").asText()).isEqualTo(runner.agentId());
        assertThat(body.path("status").asText()).isEqualTo("completed");
        assertThat(body.path("output")).isEqualTo(FakeEngine.JSON.valueToTree(input));
    }

    @Test
    void textAgentTransformsAndRejectsBadOpsAsNonRetryable() throws Exception {
        demoAgents();
        String upper = engine.sendTask("text", exec(), "up", 1, Map.of("text", "hello", "op", "upper"));
        String words = engine.sendTask("text", exec(), "split", 1, Map.of("text", "a bb  ccc", "op", "words"));
        String bad = engine.sendTask("text", exec(), "bad", 1, Map.of("text", "x", "op", "shout"));

        JsonNode upperBody = FakeEngine.body(engine.awaitResult(upper));
        assertThat(upperBody.path("output").path("text").asText()).isEqualTo("HELLO");
        assertThat(upperBody.path("output").path("length").asInt()).isEqualTo(5);

        JsonNode wordsBody = FakeEngine.body(engine.awaitResult(words));
        assertThat(wordsBody.path("output").path("words")).hasSize(3);
        assertThat(wordsBody.path("output").path("count").asInt()).isEqualTo(3);

        JsonNode badBody = FakeEngine.body(engine.awaitResult(bad));
        assertThat(badBody.path("status").asText()).isEqualTo("failed");
        assertThat(badBody.path("error").path("type").asText()).isEqualTo("agent_error");
        assertThat(badBody.path("error").path("message").asText()).contains("shout");
        assertThat(badBody.path("error").path("retryable").asBoolean()).isFalse();
    }

    @Test
    void throwingHandlerProducesRetryableAgentError() throws Exception {
        agent("boom", task -> {
            throw new IllegalStateException("kaput");
        }, AgentOptions.of(broker.host(), broker.port(), "boom-agent"));

        String taskId = engine.sendTask("boom", exec(), "s", 2, null);
        JsonNode body = FakeEngine.body(engine.awaitResult(taskId));

        assertThat(body.path("status").asText()).isEqualTo("failed");
        assertThat(body.path("attempt").asInt()).isEqualTo(2);
        assertThat(body.path("error").path("type").asText()).isEqualTo("agent_error");
        assertThat(body.path("error").path("message").asText()).isEqualTo("kaput");
        assertThat(body.path("error").path("retryable").asBoolean()).isTrue();
    }

    @Test
    void flakyFailsUntilTheConfiguredAttempt() throws Exception {
        demoAgents();
        String executionId = exec();
        String first = engine.sendTask("flaky", executionId, "f", 1, Map.of("failures", 2));
        String third = engine.sendTask("flaky", executionId, "f", 3, Map.of("failures", 2));

        JsonNode firstBody = FakeEngine.body(engine.awaitResult(first));
        assertThat(firstBody.path("status").asText()).isEqualTo("failed");
        assertThat(firstBody.path("error").path("retryable").asBoolean()).isTrue();
        assertThat(FakeEngine.body(engine.awaitResult(third)).path("status").asText()).isEqualTo("completed");
    }

    @Test
    void slowTasksRunConcurrently() throws Exception {
        demoAgents();
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(engine.sendTask("slow", exec(), "wait", 1, Map.of("ms", 500)));
        }
        for (String id : ids) {
            assertThat(FakeEngine.body(engine.awaitResult(id)).path("status").asText()).isEqualTo("completed");
        }
        // 20 sequential waits would take 10 s; concurrency keeps it near one wait.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void expiredDeadlineIsReportedWithoutRunningTheHandler() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        agent("late", task -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture("ran");
        }, AgentOptions.of(broker.host(), broker.port(), "late-agent"));

        String taskId = engine.sendTask("late", exec(), "s", 1, null, Instant.now().minusSeconds(1),
                AgentProtocol.RESULTS_ADDRESS);
        JsonNode body = FakeEngine.body(engine.awaitResult(taskId));

        assertThat(body.path("error").path("type").asText()).isEqualTo("deadline_exceeded");
        assertThat(calls).hasValue(0);
    }

    @Test
    void heartbeatsAnnounceCapabilitiesAndStopping() throws Exception {
        AgentRunner runner = demoAgents();
        JsonNode alive = engine.awaitHeartbeat(runner.agentId(), "alive");
        assertThat(alive.path("capabilities")).extracting(JsonNode::asText)
                .containsExactly("echo", "text", "flaky", "slow", "reviewer");
        assertThat(alive.path("version").asText()).isEqualTo("0.1.0");
        assertThat(alive.path("intervalSeconds").asInt()).isEqualTo(1);
        assertThat(Instant.parse(alive.path("sentAt").asText())).isBefore(Instant.now().plusSeconds(1));

        runner.close();
        assertThat(engine.awaitHeartbeat(runner.agentId(), "stopping").path("agentId").asText())
                .isEqualTo(runner.agentId());
    }

    @Test
    void taskIsNotAcceptedUntilItsResultIsAccepted() throws Exception {
        // A reply-to address the broker refuses to create: every result send fails.
        String blocked = "weft.results.blocked-" + UUID.randomUUID();
        broker.server().getAddressSettingsRepository().addMatch(blocked,
                new AddressSettings().setAutoCreateAddresses(false).setAutoCreateQueues(false));
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<Void> redelivered = new CompletableFuture<>();
        agent("picky", task -> {
            if (calls.incrementAndGet() >= 3) {
                redelivered.complete(null);
            }
            return CompletableFuture.completedFuture(task.input());
        }, AgentOptions.of(broker.host(), broker.port(), "picky-agent").withRetryBackoff(Duration.ofMillis(50)));

        String taskId = engine.sendTask("picky", exec(), "s", 1, "payload", Instant.now().plusSeconds(60), blocked);
        redelivered.get(10, TimeUnit.SECONDS);
        assertThat(broker.messageCount("weft.tasks.picky")).isEqualTo(1);

        // Once the results address exists, the next redelivery completes the round trip.
        broker.server().createQueue(QueueConfiguration.of(blocked).setRoutingType(RoutingType.ANYCAST).setAutoCreateAddress(true));
        AmqpMessage result = engine.client().receiveOne(blocked);
        assertThat(result.correlationId()).isEqualTo(taskId);
        assertThat(FakeEngine.body(result).path("output").asText()).isEqualTo("payload");
    }
}
