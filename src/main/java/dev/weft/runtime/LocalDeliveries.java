package dev.weft.runtime;

import dev.weft.engine.Command;
import dev.weft.engine.CommandRejectedException;
import dev.weft.store.Json;
import dev.weft.store.OutboxMessage;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Carries out the outbox rows addressed inside the engine ({@link LocalAddresses}); the item
 * arrives once the row may go, a failure leaves it for another try.
 */
public class LocalDeliveries {
    private static final Logger LOG = Logger.getLogger(LocalDeliveries.class);

    private final RequestedStarts starts;
    private final ChildReports reports;
    private final ExecutionRuntime runtime;

    public LocalDeliveries(RequestedStarts starts, ChildReports reports, ExecutionRuntime runtime) {
        this.starts = starts;
        this.reports = reports;
        this.runtime = runtime;
    }

    public Uni<Void> deliver(OutboxMessage m) {
        return switch (m.address()) {
            case LocalAddresses.START_WORKFLOW -> starts.start(Json.read(m.message(), WorkflowStartMessage.class));
            case LocalAddresses.PARENT_RESULT -> reports.report(Json.read(m.message(), ChildEndMessage.class));
            case LocalAddresses.CANCEL_EXECUTION -> cancel(Json.read(m.message(), CancelExecutionMessage.class));
            default -> Uni.createFrom().failure(new IllegalStateException("Expected a local address of "
                    + "LocalAddresses, but outbox row " + m.id() + " has '" + m.address() + "'"));
        };
    }

    /** Cancelling an execution that ended meanwhile, or never started, has nothing left to do. */
    private Uni<Void> cancel(CancelExecutionMessage m) {
        return runtime.submit(m.executionId(), new Command.CancelExecution(m.reason()))
                .replaceWithVoid()
                .onFailure(CommandRejectedException.class).recoverWithNull()
                .onFailure(ExecutionNotFoundException.class).recoverWithItem(e -> {
                    LOG.debugf("cancel of %s: no such execution (%s)", m.executionId(), m.requestedBy());
                    return null;
                });
    }
}
