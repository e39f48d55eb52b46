package dev.weft.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import java.util.List;

/** One PostgreSQL transaction per batch, every statement pipelined on its connection. */
public class PgBatchWriter implements BatchWriter {
    private final Pool pool;
    private final PgCommitWriter writer = new PgCommitWriter();

    public PgBatchWriter(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<List<OutboxMessage>> write(List<CommitRequest> requests) {
        return pool.withTransaction(conn -> writer.write(conn, requests));
    }
}
