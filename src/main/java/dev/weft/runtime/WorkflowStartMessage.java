package dev.weft.runtime;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * A start of another workflow that a decision asked for (an escalation, a chain), kept in the outbox until
 * it happened, so a crash between the decision and the start loses nothing; the request id makes a
 * repeated start return the execution of the first.
 */
@RegisterForReflection
public record WorkflowStartMessage(String tenant, String workflow, Map<String, Object> input, String requestId,
                                   String startedBy) {

    /** The outbox address of starts handled inside the engine rather than sent to a broker. */
    public static final String ADDRESS = "local:start-workflow";

    public static boolean isStart(String address) {
        return ADDRESS.equals(address);
    }
}
