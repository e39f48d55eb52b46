package dev.weft.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.agent.demo.AgentBehaviour;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The flags of {@code weft agents}: both broker modes, the behaviours, and mistakes named by option. */
class AgentsCommandTest {

    @Test
    void withoutBrokerFlagsTheProcessKeepsItsEmbeddedBrokerOnPort5673() {
        AgentsCommand.Settings s = AgentsCommand.settings("agents");
        assertThat(s.embeddedBroker()).isTrue();
        assertThat(s.port()).isEqualTo(5673);
        assertThat(s.prefetch()).isEqualTo(1000);
        assertThat(s.behaviour()).isEqualTo(AgentBehaviour.NORMAL);
        assertThat(AgentsCommand.settings("agents", "--port", "6000").port()).isEqualTo(6000);
    }

    @Test
    void brokerFlagsMakeTheAgentsClientsOfAnExternalBroker() {
        AgentsCommand.Settings s = AgentsCommand.settings("agents", "--broker-host", "10.0.0.2", "--broker-port",
                "61616", "--agent-id", "a-1", "--behaviour", "crash-after-receive", "--crash-after", "7",
                "--log", "/tmp/a.log", "--prefetch", "20");
        assertThat(s).isEqualTo(new AgentsCommand.Settings("10.0.0.2", 61616, "a-1", 20,
                AgentBehaviour.CRASH_AFTER_RECEIVE, 7, Path.of("/tmp/a.log")));
    }

    @Test
    void mistakesNameTheOption() {
        assertThatThrownBy(() -> AgentsCommand.settings("agents", "--port", "1", "--broker-port", "2"))
                .hasMessageStartingWith("--port: ");
        assertThatThrownBy(() -> AgentsCommand.settings("agents", "--behaviour", "sloppy"))
                .hasMessage("--behaviour: expected one of normal, crash-after-receive, double, garbage, but got 'sloppy'");
        assertThatThrownBy(() -> AgentsCommand.settings("agents", "--broker-port", "many"))
                .hasMessage("--broker-port: expected a whole number, but got 'many'");
        assertThatThrownBy(() -> AgentsCommand.settings("agents", "--behaviour", "garbage", "--garbage-every", "0"))
                .hasMessage("--garbage-every: expected a number from 1 to 2147483647, but got 0");
        assertThatThrownBy(() -> AgentsCommand.settings("agents", "--log"))
                .hasMessage("--log: needs a value");
        assertThatThrownBy(() -> AgentsCommand.settings("agents", "--verbose", "yes"))
                .hasMessageStartingWith("unknown option '--verbose'");
    }
}
