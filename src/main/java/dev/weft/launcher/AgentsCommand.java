package dev.weft.launcher;

import dev.weft.agent.AgentOptions;
import dev.weft.agent.AgentRunner;
import dev.weft.agent.StandaloneLogging;
import dev.weft.agent.demo.AgentBehaviour;
import dev.weft.agent.demo.BehaviourHooks;
import dev.weft.agent.demo.DeliveryLog;
import dev.weft.agent.demo.DemoAgents;
import dev.weft.messaging.broker.EmbeddedBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code weft agents}: the demo agents (echo, text, flaky, slow, reviewer) in a process of their own, without
 * an engine. With {@code --broker-host}/{@code --broker-port} they are AMQP clients of an external
 * broker (e.g. {@code weft broker}); without, the process also runs an embedded Artemis on
 * {@code --port}, so an engine ({@code AMQP_HOST=127.0.0.1 AMQP_PORT=P weft serve|bench --no-agents})
 * can be run and measured apart from its broker and agents. Runs until killed.
 *
 * <p>Fault tests use {@code --behaviour} to make the process a broken agent and {@code --log} for
 * the agents' own record of every task received and every result the broker accepted.
 */
public final class AgentsCommand {
    static final String USAGE = """
            usage: weft agents [--port P] [options]                        (with an embedded broker)
                   weft agents --broker-host H --broker-port P [options]   (clients of an external broker)
              --port P            embedded broker's AMQP port (default 5673; 0 picks a free one)
              --agent-id ID       agent id in results and heartbeats (default standalone-agent, or agents-<pid>)
              --prefetch N        tasks handled at once per capability (default 1000, or 100 with an external broker)
              --behaviour B       normal | crash-after-receive | double | garbage (default normal)
              --crash-after N     crash-after-receive: halt on receiving the N-th task (default 1)
              --garbage-every N   garbage: every N-th result is garbage (default 3)
              --log FILE          append one line per task received and per result the broker accepted""";
    private static final List<String> FLAGS = List.of("--port", "--broker-host", "--broker-port", "--agent-id",
            "--prefetch", "--behaviour", "--crash-after", "--garbage-every", "--log");

    /** @param port the embedded broker's port when {@code host} is null, else the external broker's */
    record Settings(String host, int port, String agentId, int prefetch, AgentBehaviour behaviour, int every,
                    Path log) {
        boolean embeddedBroker() {
            return host == null;
        }
    }

    private AgentsCommand() {
    }

    public static void run(String... args) throws InterruptedException {
        Settings settings;
        try {
            settings = settings(args);
        } catch (IllegalArgumentException e) {
            CommandFlags.exitWithUsage(e, USAGE);
            return;
        }
        StandaloneLogging.quiet();
        EmbeddedBroker broker = null;
        String host = settings.host();
        int port = settings.port();
        if (settings.embeddedBroker()) {
            String dataDir = System.getenv().getOrDefault("WEFT_DATA_DIR", ".weft");
            broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withPort(port)
                    .withDataDir(Path.of(dataDir, "artemis-standalone")));
            host = broker.host();
            port = broker.port();
            System.out.println("broker: " + broker.describe());
        }
        DeliveryLog log = settings.log() == null ? null : DeliveryLog.appendingTo(settings.log());
        AgentRunner agents = DemoAgents.startAll(
                AgentOptions.of(host, port, settings.agentId()).withPrefetch(settings.prefetch()),
                new BehaviourHooks(settings.behaviour(), settings.every(), log));
        System.out.printf("agents %s ready: %s via %s:%d, behaviour %s%s%n", settings.agentId(), agents.capabilities(),
                host, port, settings.behaviour().flag(), log == null ? "" : ", log " + settings.log());
        System.out.flush();
        EmbeddedBroker embedded = broker;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agents.close();
            if (embedded != null) {
                embedded.stop();
            }
            if (log != null) {
                log.close();
            }
        }, "weft-agents-shutdown"));
        new CountDownLatch(1).await();
    }

    static Settings settings(String... args) {
        CommandFlags flags = CommandFlags.parse(args, FLAGS);
        boolean external = flags.has("--broker-host") || flags.has("--broker-port");
        if (external && flags.has("--port")) {
            throw new IllegalArgumentException("--port: starts an embedded broker, so it cannot be combined with "
                    + "--broker-host/--broker-port");
        }
        AgentBehaviour behaviour = AgentBehaviour.parse(flags.text("--behaviour").orElse("normal"));
        int every = switch (behaviour) {
            case CRASH_AFTER_RECEIVE -> flags.integer("--crash-after", 1, 1, Integer.MAX_VALUE);
            case GARBAGE -> flags.integer("--garbage-every", 3, 1, Integer.MAX_VALUE);
            case NORMAL, DOUBLE -> 1;
        };
        String agentId = flags.text("--agent-id").orElse(external
                ? "agents-" + ProcessHandle.current().pid() : "standalone-agent");
        int prefetch = flags.integer("--prefetch", external ? AgentOptions.DEFAULT_PREFETCH : 1000, 1, 100_000);
        Path log = flags.text("--log").map(Path::of).orElse(null);
        return external
                ? new Settings(flags.text("--broker-host").orElse("127.0.0.1"),
                        flags.integer("--broker-port", 5673, 1, 65535), agentId, prefetch, behaviour, every, log)
                : new Settings(null, flags.integer("--port", 5673, 0, 65535), agentId, prefetch, behaviour, every, log);
    }
}
