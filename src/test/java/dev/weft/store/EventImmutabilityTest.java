package dev.weft.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The history is an audit trail: the database itself refuses to change or remove it. */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class EventImmutabilityTest {
    final WeftClient client = new WeftClient();

    @Inject
    Pool pool;

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void theDatabaseRefusesUpdatesDeletesAndTruncatesOfEvents() {
        client.register("""
                name: audited
                steps:
                  - { id: a, agent: echo }
                """);
        String id = client.start("audited", "{}");
        client.awaitEnd(id);
        assertThatThrownBy(() -> pool.preparedQuery("update execution_events set type = 'Forged' where execution_id = $1")
                .execute(Tuple.of(id)).await().indefinitely()).hasMessageContaining("append-only");
        assertThatThrownBy(() -> pool.preparedQuery("delete from execution_events where execution_id = $1")
                .execute(Tuple.of(id)).await().indefinitely()).hasMessageContaining("append-only");
        assertThatThrownBy(() -> pool.query("truncate execution_events").execute().await().indefinitely())
                .hasMessageContaining("append-only");
    }
}
