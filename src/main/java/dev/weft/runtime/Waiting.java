package dev.weft.runtime;

import dev.weft.engine.Command;
import dev.weft.engine.ExecutionState;
import dev.weft.runtime.port.WaitLookup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Signals for wait steps and decisions for approval steps, as commands to their executions: the
 * engine decides what they change, the history records them. A signal goes to one execution by id
 * (kept for a later wait if none matches yet), or to every alive execution of the tenant that
 * waits now for that event with that correlation key (nothing is kept for waits that start later).
 */
@ApplicationScoped
public class Waiting {
    /** Executions one signal by correlation reaches at most. */
    public static final int MAX_FAN_OUT = 1_000;

    @Inject
    ExecutionRuntime runtime;
    @Inject
    WaitLookup waits;

    /** @param duplicate the execution had already received a signal with this signal id: nothing was recorded */
    public record Delivery(String executionId, boolean duplicate) {
    }

    /** @throws ExecutionNotFoundException (as the failure) when the tenant has no such execution */
    public Uni<Delivery> signal(String tenant, String executionId, Command.SignalExecution signal) {
        return owned(tenant, executionId).chain(before -> runtime.submit(executionId, signal)
                .map(after -> new Delivery(executionId, before.signals().seen(signal.signalId()))));
    }

    /**
     * To every execution waiting for it now. One that ends meanwhile refuses the signal; that is
     * not the sender's failure, so it is left out rather than failing the others.
     */
    public Uni<List<Delivery>> signalByCorrelation(String tenant, Command.SignalExecution signal) {
        return waits.executionsWaitingFor(tenant, signal.event(), signal.correlation(), MAX_FAN_OUT)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> signal(tenant, id, signal)
                        .onFailure(dev.weft.engine.CommandRejectedException.class).recoverWithNull())
                .collect().asList();
    }

    public Uni<List<PendingApproval>> pendingApprovals(String tenant, String workflow, int limit) {
        return waits.pendingApprovals(tenant, workflow, limit);
    }

    /** @return the execution after the decision committed */
    public Uni<ExecutionState> decide(String tenant, String executionId, Command.DecideApproval decision) {
        return owned(tenant, executionId).chain(() -> runtime.submit(executionId, decision));
    }

    private Uni<ExecutionState> owned(String tenant, String executionId) {
        return runtime.state(executionId).invoke(state -> {
            if (!state.tenant().equals(tenant)) {
                throw new ExecutionNotFoundException(executionId);
            }
        });
    }
}
