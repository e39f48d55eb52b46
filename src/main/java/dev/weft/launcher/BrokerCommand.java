package dev.weft.launcher;

import dev.weft.agent.StandaloneLogging;
import dev.weft.messaging.broker.EmbeddedBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code weft broker [--port P] [--data-dir D]}: only the Artemis broker (AMQP 1.0, persistent
 * journal in D), as a process of its own, so engines and agents can be pointed at it with
 * {@code AMQP_HOST}/{@code AMQP_PORT} and it can be killed and restarted apart from them. A restart
 * on the same data directory finds every durable message again. Runs until killed.
 */
public final class BrokerCommand {
    static final String USAGE = """
            usage: weft broker [--port P] [--data-dir D]
              --port      AMQP port on 127.0.0.1 (default 5673; 0 picks a free one)
              --data-dir  journal directory (default $WEFT_DATA_DIR/artemis-broker, WEFT_DATA_DIR defaulting to .weft)""";

    private BrokerCommand() {
    }

    public static void run(String... args) throws InterruptedException {
        int port;
        Path dataDir;
        try {
            CommandFlags flags = CommandFlags.parse(args, List.of("--port", "--data-dir"));
            port = flags.integer("--port", 5673, 0, 65535);
            dataDir = Path.of(flags.text("--data-dir").orElseGet(() ->
                    Path.of(System.getenv().getOrDefault("WEFT_DATA_DIR", ".weft"), "artemis-broker").toString()));
        } catch (IllegalArgumentException e) {
            CommandFlags.exitWithUsage(e, USAGE);
            return;
        }
        StandaloneLogging.quiet();
        EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withPort(port)
                .withDataDir(dataDir.toAbsolutePath()));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "weft-broker-shutdown"));
        System.out.println("broker: " + broker.describe());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
