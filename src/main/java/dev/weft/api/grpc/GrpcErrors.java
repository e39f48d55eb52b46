package dev.weft.api.grpc;

import dev.weft.definition.DefinitionException;
import dev.weft.engine.CommandRejectedException;
import dev.weft.runtime.ExecutionNotFoundException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Every failure leaves the API as a gRPC status whose message names the field at fault. */
public final class GrpcErrors {
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
            case CommandRejectedException e -> Status.FAILED_PRECONDITION.withDescription(e.getMessage())
                    .asRuntimeException();
            default -> Status.INTERNAL.withDescription(t.getClass().getSimpleName() + ": " + t.getMessage())
                    .withCause(t).asRuntimeException();
        };
    }
}
