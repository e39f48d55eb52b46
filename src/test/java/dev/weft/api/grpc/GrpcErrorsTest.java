package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.runtime.ExecutionNotFoundException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GrpcErrorsTest {
    private static final String DRIVER_TEXT = "terminating connection due to administrator command";

    @ParameterizedTest
    @ValueSource(strings = {"08006", "08001", "57P01", "57P02", "57P03", "53300", "53100", "40001", "40P01"})
    void aDatabaseThatCannotServeIsUnavailableWithoutDriverText(String sqlState) {
        Status status = status(new PgException(DRIVER_TEXT, "FATAL", sqlState, "detail from the server"));

        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status.getDescription()).isEqualTo("the database is unavailable; retry later");
        assertThat(status.getCause()).as("nothing of the driver travels to the client").isNull();
    }

    @Test
    void lostRefusedAndExhaustedConnectionsAreUnavailable() {
        assertThat(status(ClosedConnectionException.INSTANCE).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status(new ConnectException("Connection refused: /127.0.0.1:5432")).getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status(Future.failedFuture("Pool closed").cause()).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status(Future.failedFuture("Timeout").cause()).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status(new VertxException("Timeout waiting for connection", true)).getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void aWrappedDatabaseFailureIsRecognisedThroughItsCauses() {
        PgException shutdown = new PgException(DRIVER_TEXT, "FATAL", "57P01", null);
        Throwable wrapped = new CompletionException(new IllegalStateException("HR000: session failed", shutdown));

        assertThat(status(wrapped).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status(new CompositeException(new IllegalStateException("first"), ClosedConnectionException.INSTANCE))
                .getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void aBugIsInternalWithAReferenceAndNoDriverOrClassText() {
        Status constraint = status(new PgException("duplicate key value violates unique constraint \"x\"", "ERROR",
                "23505", null));
        Status npe = status(new NullPointerException("Cannot invoke \"String.length()\" because \"s\" is null"));

        for (Status s : new Status[] {constraint, npe}) {
            assertThat(s.getCode()).isEqualTo(Status.Code.INTERNAL);
            assertThat(s.getDescription()).matches("internal error; see the engine log, reference [0-9a-f]{8}");
            assertThat(s.getCause()).isNull();
        }
        assertThat(constraint.getDescription()).isNotEqualTo(npe.getDescription());
    }

    @Test
    void theCallersOwnMistakesKeepTheirStatus() {
        assertThat(status(new ExecutionNotFoundException("e-1")).getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(status(GrpcErrors.invalid("input: bad")).getDescription()).isEqualTo("input: bad");
        Status noVersion = status(new dev.weft.runtime.WorkflowVersionNotFoundException("version: workflow 'w' has no version 9"));
        assertThat(noVersion.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(noVersion.getDescription()).isEqualTo("version: workflow 'w' has no version 9");
    }

    private static Status status(Throwable failure) {
        return ((StatusRuntimeException) GrpcErrors.toStatus(failure)).getStatus();
    }
}
