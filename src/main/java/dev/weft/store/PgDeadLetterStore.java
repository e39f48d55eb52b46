package dev.weft.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;

/** Messages the engine could not understand: kept with the reason, never dropped. */
@ApplicationScoped
public class PgDeadLetterStore {

    @Inject
    Pool pool;

    public Uni<Void> add(Instant at, String source, String reason, Map<String, Object> properties, String body) {
        return pool.preparedQuery("""
                        insert into dead_letters (received_at, source, reason, properties, body)
                        values ($1, $2, $3, $4::text::jsonb, $5)""")
                .execute(Tuple.of(Timestamps.of(at), source, reason, Json.write(properties), body))
                .replaceWithVoid();
    }

    public Uni<Long> count() {
        return pool.query("select count(*) from dead_letters").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
