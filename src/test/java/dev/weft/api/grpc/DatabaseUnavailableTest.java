package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ListExecutionsRequest;
import dev.weft.api.v1.ListWorkflowsRequest;
import dev.weft.testing.Eventually;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's database connections are cut (pg_terminate_backend, as an operator or a failover
 * would) while a request is being served: the client gets UNAVAILABLE with a clean message, and
 * the engine carries on with new connections.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class DatabaseUnavailableTest {
    final WeftClient client = new WeftClient();

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void aRequestWhoseConnectionIsTerminatedIsUnavailableAndTheEngineRecovers() throws Exception {
        Status listing = statusWhenConnectionsAreCutDuring("executions",
                () -> client.executions().listExecutions(ListExecutionsRequest.newBuilder().build()));

        assertThat(listing.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(listing.getDescription()).isEqualTo("the database is unavailable; retry later");

        servesAgain(() -> client.executions().listExecutions(ListExecutionsRequest.newBuilder().build()));
        client.register("""
                name: after-the-outage
                steps:
                  - { id: a, agent: echo, input: { v: 1 } }
                  - { id: b, agent: echo, depends_on: [a] }
                """);
        var done = client.awaitEnd(client.start("after-the-outage", "{}"));
        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
    }

    @Test
    void theHibernatePathIsUnavailableTooWhenItsConnectionIsTerminated() throws Exception {
        Status listing = statusWhenConnectionsAreCutDuring("workflow_definitions",
                () -> client.workflows().listWorkflows(ListWorkflowsRequest.newBuilder().build()));

        assertThat(listing.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(listing.getDescription()).isEqualTo("the database is unavailable; retry later");
        servesAgain(() -> client.workflows().listWorkflows(ListWorkflowsRequest.newBuilder().build()));
    }

    /**
     * The pool drops a terminated connection when its socket's close reaches the event loop, which
     * can be just after the next request took it: that request is UNAVAILABLE too. A client that
     * retries UNAVAILABLE, as the status asks, is answered within seconds.
     */
    private static void servesAgain(Supplier<?> call) {
        Eventually.await("the engine answers again after the outage", Duration.ofSeconds(10), () -> {
            try {
                return call.get() != null;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    throw e;
                }
                return false;
            }
        });
    }

    /**
     * Holds an exclusive lock on the table so the request's query waits inside the database, then
     * terminates every other connection to the test database, the waiting one among them.
     */
    private Status statusWhenConnectionsAreCutDuring(String table, Supplier<?> call) throws Exception {
        try (Connection locker = connect(); Connection operator = connect()) {
            locker.setAutoCommit(false);
            int lockerPid;
            try (var st = locker.createStatement()) {
                st.execute("lock table " + table + " in access exclusive mode");
                var rs = st.executeQuery("select pg_backend_pid()");
                rs.next();
                lockerPid = rs.getInt(1);
            }
            CompletableFuture<Object> request = CompletableFuture.supplyAsync(call::get);
            Eventually.await("the request's query waits for the lock on " + table, Duration.ofSeconds(20),
                    () -> waitingForLock(operator, table));
            try (var st = operator.prepareStatement("select pg_terminate_backend(pid) from pg_stat_activity "
                    + "where datname = current_database() and pid <> pg_backend_pid() and pid <> ?")) {
                st.setInt(1, lockerPid);
                st.execute();
            }
            locker.rollback();
            try {
                request.get(30, TimeUnit.SECONDS);
                throw new AssertionError("the request succeeded although its connection was terminated");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(StatusRuntimeException.class);
                return ((StatusRuntimeException) e.getCause()).getStatus();
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + WeftTestResources.DATABASE,
                "postgres", "");
    }

    private static boolean waitingForLock(Connection operator, String table) {
        try (var st = operator.prepareStatement("select count(*) from pg_stat_activity where datname = current_database()"
                + " and pid <> pg_backend_pid() and wait_event_type = 'Lock' and query ilike ?")) {
            st.setString(1, "%" + table + "%");
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
