package dev.weft.messaging.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.io.aio.AIOSequentialFileFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.jboss.logging.Logger;

/**
 * An in-process ActiveMQ Artemis broker speaking AMQP 1.0 only, for the single-node default
 * deployment, the demo and tests. Agents (and the engine) reach it over TCP like any external
 * broker, so nothing depends on it being embedded.
 *
 * <p>Invariants the rest of Weft relies on:
 * <ul>
 *   <li>every auto-created address and queue is ANYCAST, so a task sent before its agent attaches
 *       waits in a queue instead of being dropped by a MULTICAST address with no subscriber;</li>
 *   <li>the broker never dead-letters or expires tasks on its own (retries are the engine's job):
 *       max-delivery-attempts is unlimited and redelivery is immediate. Only an explicit AMQP
 *       {@code rejected} outcome moves a message to {@value #DEAD_LETTER_ADDRESS} (queue
 *       {@code DLQ.<original address>});</li>
 *   <li>when persistent, durable messages survive a restart on the same data directory.</li>
 * </ul>
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class);
    private static final String ACCEPTOR = "amqp";
    /**
     * Artemis audits every message at INFO when its audit loggers are enabled, which a stand-alone
     * broker turns off in its logging config. Embedded, we inherit the host's root level, so default
     * them to WARNING unless the host configured them. Held statically so JUL keeps the level.
     */
    private static final java.util.logging.Logger AUDIT = java.util.logging.Logger.getLogger("org.apache.activemq.audit");
    /** Where messages rejected by a consumer end up (auto-created queue of the same name). */
    public static final String DEAD_LETTER_ADDRESS = "DLQ";

    /** Which journal to ask for; AUTO and ASYNCIO both fall back to NIO when libaio is not usable. */
    public enum JournalPreference { AUTO, ASYNCIO, NIO }

    /**
     * @param host       interface to bind, default 127.0.0.1 (local only)
     * @param port       TCP port for AMQP; 0 picks a free port, see {@link EmbeddedBroker#port()}
     * @param dataDir    journal/paging/large-message directory; null means a fresh temp directory
     * @param persistent false keeps everything in memory (nothing survives a stop)
     * @param journal    journal preference, see {@link JournalPreference}
     */
    public record Options(String host, int port, Path dataDir, boolean persistent, JournalPreference journal) {
        public Options {
            host = host == null || host.isBlank() ? "127.0.0.1" : host;
            journal = journal == null ? JournalPreference.AUTO : journal;
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        /** Local, free port, persistent journal in a temp directory, best journal available. */
        public static Options defaults() {
            return new Options("127.0.0.1", 0, null, true, JournalPreference.AUTO);
        }

        public Options withPort(int newPort) {
            return new Options(host, newPort, dataDir, persistent, journal);
        }

        public Options withDataDir(Path dir) {
            return new Options(host, port, dir, persistent, journal);
        }

        public Options withPersistent(boolean value) {
            return new Options(host, port, dataDir, value, journal);
        }

        public Options withJournal(JournalPreference value) {
            return new Options(host, port, dataDir, persistent, value);
        }
    }

    private final EmbeddedActiveMQ embedded;
    private final String host;
    private final int port;
    private final String journalType;
    private final Path dataDir;

    private EmbeddedBroker(EmbeddedActiveMQ embedded, String host, int port, String journalType, Path dataDir) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.journalType = journalType;
        this.dataDir = dataDir;
    }

    /** Starts a broker and blocks until its AMQP acceptor is listening. */
    public static EmbeddedBroker start(Options options) {
        Objects.requireNonNull(options, "options");
        if (AUDIT.getLevel() == null) {
            AUDIT.setLevel(java.util.logging.Level.WARNING);
        }
        Path dataDir = options.persistent() ? resolveDataDir(options) : null;
        JournalType journal = options.persistent() ? chooseJournal(options.journal(), dataDir) : null;
        ConfigurationImpl config = configure(options, dataDir, journal);
        EmbeddedActiveMQ embedded = new EmbeddedActiveMQ().setConfiguration(config);
        try {
            embedded.start();
        } catch (Exception e) {
            throw new IllegalStateException("embedded Artemis failed to start on " + options.host() + ":" + options.port(), e);
        }
        ActiveMQServer server = embedded.getActiveMQServer();
        int actualPort = ((NettyAcceptor) server.getRemotingService().getAcceptor(ACCEPTOR)).getActualPort();
        // Artemis itself may still switch ASYNCIO to NIO (e.g. a directory without O_DIRECT): report what runs.
        String journalName = options.persistent() ? server.getConfiguration().getJournalType().name() : "NONE (in-memory)";
        EmbeddedBroker broker = new EmbeddedBroker(embedded, options.host(), actualPort, journalName,
                options.persistent() ? dataDir : null);
        LOG.info(broker.describe());
        return broker;
    }

    private static Path resolveDataDir(Options options) {
        try {
            Path dir = options.dataDir() != null ? options.dataDir() : Files.createTempDirectory("weft-artemis-");
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create broker data directory", e);
        }
    }

    /** ASYNCIO needs the native artemis library plus libaio plus a filesystem with O_DIRECT. */
    static JournalType chooseJournal(JournalPreference preference, Path dataDir) {
        if (preference == JournalPreference.NIO) {
            return JournalType.NIO;
        }
        boolean aio;
        try {
            aio = AIOSequentialFileFactory.isSupported(dataDir.toFile());
        } catch (Throwable t) { // UnsatisfiedLinkError and friends: the native side is not loadable
            aio = false;
        }
        if (!aio) {
            // Artemis only finds its JNI wrapper through java.library.path: the copy inside the
            // activemq-artemis-native jar (lib/linux-x86_64/libartemis-native-64.so) is not extracted for us.
            LOG.infof("ASYNCIO journal not available in %s (needs libaio1 and libartemis-native-64.so on "
                    + "-Djava.library.path, and a filesystem with O_DIRECT); using NIO", dataDir);
        }
        return aio ? JournalType.ASYNCIO : JournalType.NIO;
    }

    private static ConfigurationImpl configure(Options options, Path dataDir, JournalType journal) {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("weft-embedded");
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        // The analyzer halts the JVM on slow disks; an embedded broker must never kill its host process.
        config.setCriticalAnalyzer(false);
        config.setPersistenceEnabled(options.persistent());
        if (options.persistent()) {
            config.setJournalType(journal);
            config.setJournalDirectory(dataDir.resolve("journal").toString());
            config.setBindingsDirectory(dataDir.resolve("bindings").toString());
            config.setPagingDirectory(dataDir.resolve("paging").toString());
            config.setLargeMessagesDirectory(dataDir.resolve("large-messages").toString());
            config.setNodeManagerLockDirectory(dataDir.resolve("lock").toString());
            config.setJournalFileSize(10 * 1024 * 1024);
            config.setJournalMinFiles(2);
            // NIO's default batch window (~3.3 ms) is tuned for disks doing 300 syncs/s; workflow steps are
            // latency-bound and small, so flush sooner. ASYNCIO keeps its own (0.5 ms) default.
            config.setJournalBufferTimeout_NIO(500_000);
        }
        try {
            // amqpCredits/LowCredits: producer credit window the broker grants per link (flow control);
            // amqpMinLargeMessageSize: bodies above 100 KiB are streamed to the large-message store.
            config.addAcceptorConfiguration(ACCEPTOR, "tcp://" + options.host() + ":" + options.port()
                    + "?protocols=AMQP;amqpCredits=1000;amqpLowCredits=300;amqpMinLargeMessageSize=102400");
        } catch (Exception e) {
            throw new IllegalArgumentException("bad acceptor for " + options.host() + ":" + options.port(), e);
        }
        config.addAddressSetting("#", addressSettings());
        return config;
    }

    private static AddressSettings addressSettings() {
        return new AddressSettings()
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST)
                .setAutoCreateAddresses(true)
                .setAutoCreateQueues(true)
                // Keep task queues (and what they hold) even while no agent is attached.
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false)
                .setMaxDeliveryAttempts(-1)
                .setRedeliveryDelay(0)
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_ADDRESS))
                .setAutoCreateDeadLetterResources(true)
                // Messages only expire if the sender set a TTL (heartbeats do). Expired ones go to an
                // address with no queue, i.e. are dropped, without a warning per queue at start-up.
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setAutoCreateExpiryResources(false)
                // A local default: page to disk past 64 MiB per address instead of blocking producers.
                .setMaxSizeBytes(64L * 1024 * 1024)
                .setPageSizeBytes(4 * 1024 * 1024)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE);
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    /** {@code ASYNCIO}, {@code NIO} or {@code NONE (in-memory)}. */
    public String journalType() {
        return journalType;
    }

    /** The data directory, or null when not persistent. */
    public Path dataDir() {
        return dataDir;
    }

    public String describe() {
        String version = embedded.getActiveMQServer().getVersion().getFullVersion();
        return "embedded ActiveMQ Artemis " + version + " on " + host + ":" + port + ", journal " + journalType
                + (dataDir != null ? ", data " + dataDir : "");
    }

    /**
     * Messages in the queue named {@code address} (anycast queues are named like their address),
     * counting those delivered but not yet settled; 0 if the queue does not exist. Artemis updates
     * the count asynchronously, so it may lag a send that was just acknowledged by a few ms.
     */
    public long messageCount(String address) {
        Queue queue = embedded.getActiveMQServer().locateQueue(address);
        return queue == null ? 0 : queue.getMessageCount();
    }

    /** The underlying server, for tests and operational tweaks (address settings, management). */
    public ActiveMQServer server() {
        return embedded.getActiveMQServer();
    }

    public void stop() {
        try {
            embedded.stop();
        } catch (Exception e) {
            throw new IllegalStateException("embedded Artemis failed to stop", e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
