package dev.weft.launcher;

import dev.weft.agent.AgentOptions;
import dev.weft.agent.AgentRunner;
import dev.weft.agent.demo.DemoAgents;
import dev.weft.messaging.broker.EmbeddedBroker;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code weft agents [--port P]}: an embedded Artemis and the demo agents in a process of their
 * own, so an engine ({@code AMQP_HOST=127.0.0.1 AMQP_PORT=P weft serve|bench --no-agents}) can
 * be run and measured apart from its broker and agents. Runs until killed.
 */
public final class AgentsCommand {
    private AgentsCommand() {
    }

    public static void run(String... args) throws InterruptedException {
        dev.weft.agent.StandaloneLogging.quiet();
        int port = 5673;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            }
        }
        String dataDir = System.getenv().getOrDefault("WEFT_DATA_DIR", ".weft");
        EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withPort(port)
                .withDataDir(Path.of(dataDir, "artemis-standalone")));
        AgentRunner agents = DemoAgents.startAll(AgentOptions.of(broker.host(), broker.port(), "standalone-agent")
                .withPrefetch(1000));
        System.out.println("broker: " + broker.describe() + "; agents " + agents.capabilities());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agents.close();
            broker.stop();
        }));
        new CountDownLatch(1).await();
    }
}
