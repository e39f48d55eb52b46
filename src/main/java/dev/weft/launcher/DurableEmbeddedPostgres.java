package dev.weft.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embedded PostgreSQL (zonky binaries) as a durable store. zonky is made for throw-away test
 * databases: it starts the server with {@code -F} (fsync off) and {@code synchronous_commit=off}, so
 * a crash of the machine could lose committed events. Weft's history must survive that, so every
 * durability setting is turned on explicitly and checked on the running server. A directory left
 * behind by a killed engine is cleared first (see {@link LeftoverPostmaster}).
 */
final class DurableEmbeddedPostgres {
    /** Passed as {@code -c} options, which PostgreSQL applies after zonky's {@code -F}. */
    static final Map<String, String> DURABILITY = durability();
    private static final Duration STOP_ORPHAN_TIMEOUT = Duration.ofSeconds(30);
    /** Crash recovery of a killed server replays its WAL before it accepts connections. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private DurableEmbeddedPostgres() {
    }

    static EmbeddedPostgres start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        new LeftoverPostmaster(dataDir, STOP_ORPHAN_TIMEOUT).clear();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPGStartupWait(STARTUP_TIMEOUT)
                .setPort(port);
        DURABILITY.forEach(builder::setServerConfig);
        EmbeddedPostgres pg = builder.start();
        try {
            requireDurable(pg);
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    /** What the running server says, not what was asked for: a setting PostgreSQL ignored must not pass. */
    private static void requireDurable(EmbeddedPostgres pg) {
        try (var connection = pg.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
            for (var setting : DURABILITY.entrySet()) {
                try (var rs = statement.executeQuery("show " + setting.getKey())) {
                    rs.next();
                    if (!setting.getValue().equals(rs.getString(1))) {
                        throw new IllegalStateException("the embedded PostgreSQL runs with " + setting.getKey() + "="
                                + rs.getString(1) + ", but Weft needs " + setting.getKey() + "=" + setting.getValue());
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the embedded PostgreSQL's settings: " + e.getMessage(), e);
        }
    }

    /** For the start-up line: {@code fsync=on, synchronous_commit=on, full_page_writes=on}. */
    static String describeDurability() {
        return String.join(", ", DURABILITY.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    private static Map<String, String> durability() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("fsync", "on");
        settings.put("synchronous_commit", "on");
        settings.put("full_page_writes", "on");
        return Collections.unmodifiableMap(settings);
    }
}
