package dev.weft.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads a definition's source on the engine's own paths (starting, recovering, receiving
 * results). These run on whatever Vert.x context a message or query arrived on, where a
 * Hibernate Reactive session cannot be opened, so they use the plain reactive client.
 */
@ApplicationScoped
public class PgDefinitionSources {

    /** A stored version's number and source text. */
    public record Source(int version, String text) {
    }

    @Inject
    Pool pool;

    /**
     * The default version: the one the newest change of workflow_default_changes names, or the
     * latest when none does (never set, or cleared). A set version always exists: versions are
     * never deleted.
     */
    private static final String DEFAULT_VERSION = """
            select version, source from workflow_definitions where tenant = $1 and name = $2 and version = coalesce(
              (select c.version from workflow_default_changes c where c.tenant = $1 and c.name = $2
               order by c.id desc limit 1),
              (select max(d.version) from workflow_definitions d where d.tenant = $1 and d.name = $2))""";

    /** Version 0 = the default. Null item when there is no such workflow or version. */
    public Uni<Source> find(String tenant, String name, int version) {
        String sql = version == 0
                ? DEFAULT_VERSION
                : "select version, source from workflow_definitions where tenant = $1 and name = $2 and version = $3";
        Tuple args = version == 0 ? Tuple.of(tenant, name) : Tuple.of(tenant, name, version);
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new Source(r.getInteger(0), r.getString(1));
        });
    }
}
