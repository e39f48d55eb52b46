package dev.weft.runtime.port;

import dev.weft.runtime.PendingApproval;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** The stored lookup of open waits and approvals (V8), kept in the same commit as the events. */
public interface WaitLookup {

    /** Alive executions of the tenant with a step waiting now for this event with this correlation key. */
    Uni<List<String>> executionsWaitingFor(String tenant, String event, String correlation, int limit);

    /** Pending approvals of the tenant, oldest first; {@code workflow} null for every workflow. */
    Uni<List<PendingApproval>> pendingApprovals(String tenant, String workflow, int limit);
}
