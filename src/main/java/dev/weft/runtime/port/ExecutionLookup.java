package dev.weft.runtime.port;

import dev.weft.store.ExecutionRow;
import io.smallrye.mutiny.Uni;
import java.util.Optional;

/** The stored summary of executions, to find one by id or by the request id that started it. */
public interface ExecutionLookup {
    Uni<Optional<ExecutionRow>> find(String executionId);

    Uni<Optional<ExecutionRow>> findByRequestId(String tenant, String requestId);
}
