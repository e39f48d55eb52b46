package dev.weft.engine;

/**
 * Whether a task of a capability may go out now — the circuit breakers' verdict, handed to the
 * engine as an input of each decision so the decision stays a pure function of its inputs and
 * the history records what it decided ({@code TaskHeld}, with the reason).
 */
@FunctionalInterface
public interface DispatchGate {

    /** Everything may go out. */
    DispatchGate OPEN = capability -> Admission.ADMITTED;

    Admission admit(String capability);

    /** @param reason for a task that may not go out: why, for the history and the API */
    record Admission(boolean admitted, String reason) {
        public static final Admission ADMITTED = new Admission(true, null);

        public static Admission refused(String reason) {
            return new Admission(false, reason);
        }
    }
}
