package dev.weft.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.store.PgChangeListener;
import dev.weft.store.PgRolloutFlags;
import dev.weft.testing.Eventually;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Another replica's change of the flag is a row this replica did not write plus a NOTIFY on
 * weft_rollout. Starts here keep the settings in memory (no query per start) until that NOTIFY
 * arrives, then decide by the new value.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class RolloutAcrossReplicasTest {
    @Inject
    RolloutFlags flags;
    @Inject
    Pool pool;
    @Inject
    PgChangeListener changes;

    @Test
    void aValueSetOnAnotherReplicaDecidesStartsHereOnceItsNotificationArrives() {
        AtomicInteger heard = new AtomicInteger();
        String payload = PgRolloutFlags.payload("replicas", "");
        changes.onRolloutChanged(p -> {
            if (p.equals(payload)) {
                heard.incrementAndGet();
            }
        });
        flags.change("replicas", "", new FlagValue(RolloutPhase.ON, 100), "here").await().indefinitely();
        // This replica's own change must be heard before the settings are cached, or its late
        // notification would drop them and the read below would see the next row too early.
        Eventually.await("the change here announced", Duration.ofSeconds(10), () -> heard.get() == 1);
        assertThat(phase()).isEqualTo(RolloutPhase.ON);

        // What SetRolloutFlag on another replica commits, without its notification yet.
        pool.preparedQuery("insert into rollout_flag_changes (tenant, workflow, phase, percentage, set_by, set_at) "
                + "values ('replicas', '', 'off', 100, 'elsewhere', now())").execute().await().indefinitely();
        assertThat(phase()).as("served from memory: a start asks the database nothing").isEqualTo(RolloutPhase.ON);

        pool.preparedQuery("select pg_notify($1, $2)").execute(Tuple.of(PgChangeListener.ROLLOUT, payload))
                .await().indefinitely();
        Eventually.await("the notification drops the cached settings", Duration.ofSeconds(10),
                () -> phase() == RolloutPhase.OFF);
        ResolvedFlag now = flags.resolve("replicas", "").await().indefinitely();
        assertThat(now.source().setBy()).isEqualTo("elsewhere");
    }

    private RolloutPhase phase() {
        return flags.resolve("replicas", "").await().indefinitely().value().phase();
    }
}
