package dev.weft.api.grpc;

import dev.weft.definition.DefinitionException;
import dev.weft.engine.CommandRejectedException;
import dev.weft.runtime.ExecutionNotFoundException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Every failure leaves the API as a gRPC status whose message names the field at fault. What is
 * not the caller's fault never shows driver or stack text: a database that cannot serve right now
 * is UNAVAILABLE (retry later), anything else INTERNAL with a reference to the engine log line
 * that has the details.
 */
public final class GrpcErrors {
    static final String DATABASE_UNAVAILABLE = "the database is unavailable; retry later";
    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    public static StatusRuntimeException invalid(String fieldAndReason) {
        return Status.INVALID_ARGUMENT.withDescription(fieldAndReason).asRuntimeException();
    }

    public static StatusRuntimeException notFound(String fieldAndReason) {
        return Status.NOT_FOUND.withDescription(fieldAndReason).asRuntimeException();
    }

    public static Throwable toStatus(Throwable t) {
        return switch (t) {
            case StatusRuntimeException s -> s;
            case DefinitionException d -> Status.INVALID_ARGUMENT.withDescription("definition: " + d.getMessage())
                    .asRuntimeException();
            case ExecutionNotFoundException e -> Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException();
            case dev.weft.runtime.WorkflowVersionNotFoundException e -> Status.NOT_FOUND.withDescription(e.getMessage())
                    .asRuntimeException();
            case dev.weft.runtime.DeadLetterNotFoundException e -> Status.NOT_FOUND.withDescription(e.getMessage())
                    .asRuntimeException();
            case dev.weft.runtime.StartRefusedException e -> (switch (e.reason()) {
                case NOT_FOUND -> Status.NOT_FOUND;
                case INVALID_INPUT -> Status.INVALID_ARGUMENT;
                case REQUEST_ID_REUSED -> Status.ALREADY_EXISTS;
                case ROLLOUT -> Status.FAILED_PRECONDITION;
            }).withDescription(e.getMessage()).asRuntimeException();
            case dev.weft.schedule.ScheduleSpecException e -> Status.INVALID_ARGUMENT.withDescription(e.getMessage())
                    .asRuntimeException();
            case dev.weft.schedule.ScheduleNotFoundException e -> Status.NOT_FOUND.withDescription(e.getMessage())
                    .asRuntimeException();
            case dev.weft.schedule.ScheduleExistsException e -> Status.ALREADY_EXISTS.withDescription(e.getMessage())
                    .asRuntimeException();
            case dev.weft.engine.ApprovalRefusedException e -> Status.PERMISSION_DENIED.withDescription(e.getMessage())
                    .asRuntimeException();
            case CommandRejectedException e -> Status.FAILED_PRECONDITION.withDescription(e.getMessage())
                    .asRuntimeException();
            default -> DatabaseUnavailability.isUnavailable(t) ? unavailable(t) : internal(t);
        };
    }

    private static StatusRuntimeException unavailable(Throwable t) {
        LOG.warnf("answering UNAVAILABLE, the database cannot serve: %s", chain(t));
        LOG.debug("the database failure in full", t);
        return Status.UNAVAILABLE.withDescription(DATABASE_UNAVAILABLE).asRuntimeException();
    }

    /** {@code A: message <- B: message}, the causes a wrapper hides from its own toString. */
    private static String chain(Throwable t) {
        StringBuilder b = new StringBuilder(String.valueOf(t));
        Throwable cause = t.getCause();
        for (int depth = 0; cause != null && cause != t && depth < 8; depth++, cause = cause.getCause()) {
            b.append(" <- ").append(cause);
        }
        return b.toString();
    }

    private static StatusRuntimeException internal(Throwable t) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(t, "internal error, reference %s", reference);
        return Status.INTERNAL.withDescription("internal error; see the engine log, reference " + reference)
                .asRuntimeException();
    }
}
