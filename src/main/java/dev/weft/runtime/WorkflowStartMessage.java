package dev.weft.runtime;

import dev.weft.engine.ParentLink;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * A start of another workflow that a decision asked for (an escalation, a chain, a child), kept in the
 * outbox until it happened, so a crash between the decision and the start loses nothing; the request
 * id makes a repeated start return the execution of the first.
 *
 * @param startedBy the execution that asked for it
 * @param version   0 for the default version (older rows have none)
 * @param parent    for a child: its parent step's attempt, whose task id names the child's execution id; else null
 * @param shadow    the starter is a shadow execution (ADR 0015): so is its child (false in older rows)
 */
@RegisterForReflection
public record WorkflowStartMessage(String tenant, String workflow, Map<String, Object> input, String requestId,
                                   String startedBy, int version, ParentLink parent, boolean shadow) {

    public WorkflowStartMessage(String tenant, String workflow, Map<String, Object> input, String requestId,
                                String startedBy, int version, ParentLink parent) {
        this(tenant, workflow, input, requestId, startedBy, version, parent, false);
    }

    public WorkflowStartMessage(String tenant, String workflow, Map<String, Object> input, String requestId,
                                String startedBy) {
        this(tenant, workflow, input, requestId, startedBy, 0, null);
    }
}
