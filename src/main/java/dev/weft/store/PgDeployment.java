package dev.weft.store;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * This deployment's id: one per database, created by the schema migration. Read once at start-up,
 * on the main thread where waiting is allowed, before anything attaches to the broker (the
 * observers that do run later).
 */
@ApplicationScoped
public class PgDeployment {
    private static final Logger LOG = Logger.getLogger(PgDeployment.class);

    @Inject
    Pool pool;

    private volatile String id;

    void read(@Observes @Priority(1) StartupEvent event) {
        id = pool.query("select id from deployment").execute()
                .map(rows -> rows.iterator().next().getString(0))
                .await().atMost(Duration.ofSeconds(60));
        LOG.infof("deployment %s", id);
    }

    public String id() {
        String known = id;
        if (known == null) {
            throw new IllegalStateException("Expected the deployment id to be read at start-up, but it is not yet");
        }
        return known;
    }
}
