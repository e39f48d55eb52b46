package dev.weft.runtime;

/** A start that cannot happen as asked; the message names the field at fault. */
public class StartRefusedException extends RuntimeException {

    public enum Reason {
        /** No such workflow, or no such version of it. */
        NOT_FOUND,
        /** The input does not match the workflow's input schema. */
        INVALID_INPUT,
        /** The request id already started an execution of another request. */
        REQUEST_ID_REUSED,
        /** The rollout flag does not let the engine take this workflow now (ADR 0015). */
        ROLLOUT
    }

    private final Reason reason;

    public StartRefusedException(Reason reason, String fieldAndMessage) {
        super(fieldAndMessage);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
