package dev.weft.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.weft.agent.demo.DemoAgents;
import dev.weft.messaging.broker.EmbeddedBroker;

class AgentRunnerReconnectTest {

    @TempDir
    Path dataDir;

    private EmbeddedBroker broker;
    private AgentRunner runner;
    private FakeEngine engine;

    @AfterEach
    void cleanUp() throws Exception {
        if (runner != null) {
            runner.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void agentReconnectsAfterABrokerRestartAndKeepsServing() throws Exception {
        EmbeddedBroker.Options options = EmbeddedBroker.Options.defaults().withDataDir(dataDir);
        broker = EmbeddedBroker.start(options);
        int port = broker.port();
        runner = DemoAgents.startAll(AgentOptions.of(broker.host(), port, "phoenix")
                .withHeartbeatInterval(Duration.ofSeconds(1)));

        broker.stop();
        broker = EmbeddedBroker.start(options.withPort(port));
        engine = new FakeEngine(broker.host(), port);

        // Sent while the agent may still be reconnecting: the durable queue keeps it until then.
        String taskId = engine.sendTask("echo", "exec-r", "after-restart", 1, Map.of("ok", true));
        assertThat(FakeEngine.body(engine.awaitResult(taskId)).path("status").asText()).isEqualTo("completed");
        assertThat(engine.awaitHeartbeat("phoenix", "alive").path("agentId").asText()).isEqualTo("phoenix");
        assertThat(runner.isConnected()).isTrue();
    }
}
