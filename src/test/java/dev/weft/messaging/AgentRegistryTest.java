package dev.weft.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.Agent;
import dev.weft.api.v1.AgentServiceGrpc;
import dev.weft.api.v1.ListAgentsRequest;
import dev.weft.testing.Eventually;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class AgentRegistryTest {
    final WeftClient client = new WeftClient();

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void agentsAnnouncedByHeartbeatAreListedAliveWithTheirCapabilities() {
        var agents = AgentServiceGrpc.newBlockingStub(client.channel);
        Eventually.await("the demo agents' heartbeat", Duration.ofSeconds(15), () ->
                !agents.listAgents(ListAgentsRequest.newBuilder().setCapability("echo").build()).getAgentsList().isEmpty());
        List<Agent> echo = agents.listAgents(ListAgentsRequest.newBuilder().setCapability("echo").build()).getAgentsList();
        assertThat(echo).allSatisfy(a -> {
            assertThat(a.getAgentId()).startsWith("test-agent");
            assertThat(a.getAlive()).isTrue();
            assertThat(a.getCapabilitiesList()).contains("echo", "text", "flaky", "slow");
        });
        assertThat(agents.listAgents(ListAgentsRequest.newBuilder().setCapability("nobody-has-this").build())
                .getAgentsCount()).isZero();
    }
}
