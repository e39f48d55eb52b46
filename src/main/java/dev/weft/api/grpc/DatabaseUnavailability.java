package dev.weft.api.grpc;

import io.smallrye.mutiny.CompositeException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Recognises a failure that says the database cannot serve right now — its connection is gone or
 * refused, the pool is closed or exhausted, the server is shutting down, out of resources, or
 * aborted the transaction for a concurrency conflict — as opposed to a bug. A client may retry the
 * first kind; the second it must report. Wrapped causes count (Hibernate Reactive, Mutiny and
 * CompletableFuture wrap what the driver raised).
 */
final class DatabaseUnavailability {
    /** SQLSTATEs, exact, besides the whole classes 08 (connection) and 53 (insufficient resources). */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "57P01", // admin_shutdown, also what pg_terminate_backend sends
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now: starting up or in recovery
            "40001", // serialization_failure
            "40P01"); // deadlock_detected
    /**
     * Vert.x reports these pool and connection failures as bare Vert.x throwables with only a message
     * (e.g. {@code Future.failedFuture("Pool closed")}), so the message is all there is to recognise.
     */
    private static final Set<String> VERTX_POOL_MESSAGES = Set.of(
            "Pool closed",
            "Timeout",
            "Timeout waiting for connection",
            "Pending requests failed to be sent due to connection has been closed.");
    private static final int MAX_DEPTH = 32;

    private DatabaseUnavailability() {
    }

    static boolean isUnavailable(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        pending.add(failure);
        while (!pending.isEmpty() && seen.size() < MAX_DEPTH) {
            Throwable t = pending.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            if (isTransientItself(t)) {
                return true;
            }
            if (t instanceof CompositeException composite) {
                pending.addAll(composite.getCauses());
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
        }
        return false;
    }

    static boolean isTransientSqlState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("53")
                || TRANSIENT_STATES.contains(sqlState));
    }

    private static boolean isTransientItself(Throwable t) {
        return switch (t) {
            case DatabaseException db -> isTransientSqlState(db.getSqlState());
            case SQLException jdbc -> isTransientSqlState(jdbc.getSQLState());
            case ClosedConnectionException closed -> true;
            case SocketException refusedOrReset -> true;
            case ClosedChannelException closed -> true;
            default -> t.getClass().getName().startsWith("io.vertx.") && VERTX_POOL_MESSAGES.contains(t.getMessage());
        };
    }
}
