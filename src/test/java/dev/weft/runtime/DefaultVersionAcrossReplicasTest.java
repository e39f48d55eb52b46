package dev.weft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.store.PgChangeListener;
import dev.weft.testing.Eventually;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Another replica's SetDefaultVersion is a row this replica did not write plus a NOTIFY on
 * weft_definitions. Starts here keep the cached default (no query per start) until that NOTIFY
 * arrives, then run the new one.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class DefaultVersionAcrossReplicasTest {
    final WeftClient client = new WeftClient();

    @Inject
    DefinitionService definitions;
    @Inject
    Pool pool;
    @Inject
    PgChangeListener changes;

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void aDefaultSetOnAnotherReplicaIsUsedForStartsHereOnceItsNotificationArrives() {
        AtomicInteger heard = new AtomicInteger();
        changes.onDefinitionRegistered(key -> {
            if (key.equals("default/replicated")) {
                heard.incrementAndGet();
            }
        });
        for (int v = 1; v <= 2; v++) {
            client.register("""
                    name: replicated
                    steps:
                      - { id: a, agent: echo, input: { v: %d } }
                    """.formatted(v));
        }
        // The registrations' own notifications must be in before the cache is filled, or a late
        // one would drop it and the start below would read the new row too early.
        Eventually.await("both registrations announced", Duration.ofSeconds(10), () -> heard.get() == 2);
        assertThat(defaultForStart()).isEqualTo(2);

        // What SetDefaultVersion on another replica commits, without its notification yet.
        pool.preparedQuery("insert into workflow_default_changes (tenant, name, version, set_by, set_at) "
                + "values ('default', 'replicated', 1, 'elsewhere', now())").execute().await().indefinitely();
        assertThat(defaultForStart()).as("served from memory: a start asks the database nothing").isEqualTo(2);

        pool.preparedQuery("select pg_notify('" + PgChangeListener.DEFINITIONS + "', $1)")
                .execute(Tuple.of("default/replicated")).await().indefinitely();
        Eventually.await("the notification drops the cached default", Duration.ofSeconds(10),
                () -> defaultForStart() == 1);
        assertThat(client.awaitEnd(client.start("replicated", "{}")).getVersion()).isEqualTo(1);
    }

    @Test
    void aDefaultWhoseNotificationWasLostWhileNotListeningIsSeenOnceListeningAgain() {
        AtomicInteger listening = new AtomicInteger();
        changes.onListening(listening::incrementAndGet);
        AtomicInteger heard = new AtomicInteger();
        changes.onDefinitionRegistered(key -> {
            if (key.equals("default/relisten")) {
                heard.incrementAndGet();
            }
        });
        for (int v = 1; v <= 2; v++) {
            client.register("""
                    name: relisten
                    steps:
                      - { id: a, agent: echo, input: { v: %d } }
                    """.formatted(v));
        }
        Eventually.await("both registrations announced", Duration.ofSeconds(10), () -> heard.get() == 2);
        assertThat(defaultForStart("relisten")).isEqualTo(2);

        // The LISTEN connection drops; the change another replica commits meanwhile is announced to nobody.
        Eventually.await("listening", Duration.ofSeconds(10), () -> listenBackends("count(*)") > 0);
        int before = listening.get();
        assertThat(listenBackends("count(pg_terminate_backend(pid))")).isPositive();
        pool.preparedQuery("insert into workflow_default_changes (tenant, name, version, set_by, set_at) "
                + "values ('default', 'relisten', 1, 'elsewhere', now())").execute().await().indefinitely();

        Eventually.await("listening again", Duration.ofSeconds(20), () -> listening.get() > before);
        assertThat(defaultForStart("relisten")).isEqualTo(1);
    }

    /** {@code aggregate} over the connections of this test database that LISTEN. */
    private long listenBackends(String aggregate) {
        return pool.preparedQuery("select " + aggregate + " from pg_stat_activity "
                        + "where datname = current_database() and query ilike 'LISTEN%'")
                .execute().await().indefinitely().iterator().next().getLong(0);
    }

    private int defaultForStart() {
        return defaultForStart("replicated");
    }

    private int defaultForStart(String name) {
        return definitions.forStart("default", name, 0).await().indefinitely().version();
    }
}
