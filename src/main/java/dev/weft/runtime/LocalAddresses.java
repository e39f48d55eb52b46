package dev.weft.runtime;

/**
 * Outbox rows the engine carries out itself instead of handing them to the broker, by address. The
 * row is written in the commit of the decision that asked for it and deleted once it was carried
 * out, so a crash in between repeats it: each handler is idempotent.
 */
public final class LocalAddresses {
    private static final String PREFIX = "local:";

    /** A workflow to start: an escalation's, a chained one, a child ({@link WorkflowStartMessage}). */
    public static final String START_WORKFLOW = PREFIX + "start-workflow";
    /** A child's end, for its parent step's attempt ({@link ChildEndMessage}). */
    public static final String PARENT_RESULT = PREFIX + "parent-result";
    /** A child its parent no longer waits for ({@link CancelExecutionMessage}). */
    public static final String CANCEL_EXECUTION = PREFIX + "cancel-execution";

    private LocalAddresses() {
    }

    public static boolean isLocal(String address) {
        return address.startsWith(PREFIX);
    }
}
