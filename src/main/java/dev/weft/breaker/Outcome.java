package dev.weft.breaker;

import java.time.Instant;

/**
 * How one task of a capability ended, as the engine learns it. {@code dispatchedAt} (the time of
 * the attempt's TaskDispatched, or null when unknown) ties the outcome to the breaker state it was
 * sent in: an outcome of a task sent before the current state began is not counted, as SmallRye
 * does not count a call that started in an earlier state. This is also what makes the half-open
 * decision rest on the probes alone.
 */
public sealed interface Outcome {

    Instant dispatchedAt();

    /** Timeouts and retryable failures count against the capability; a success or a refusal of bad input does not. */
    boolean countsAsFailure();

    /** How it ended, for a transition's reason: "timed out", "failed (agent_error)", "succeeded". */
    default String describe() {
        return switch (this) {
            case TimedOut t -> "timed out";
            case Failed f -> "failed (" + f.errorType() + ")";
            case Succeeded s -> "succeeded";
        };
    }

    static Outcome succeeded(Instant dispatchedAt) {
        return new Succeeded(dispatchedAt);
    }

    static Outcome failed(Instant dispatchedAt, String errorType, boolean retryable) {
        return new Failed(dispatchedAt, errorType, retryable);
    }

    static Outcome timedOut(Instant dispatchedAt) {
        return new TimedOut(dispatchedAt);
    }

    record Succeeded(Instant dispatchedAt) implements Outcome {
        @Override
        public boolean countsAsFailure() {
            return false;
        }
    }

    /**
     * An agent answered with an error. A non-retryable one (the agent says the input is bad) is
     * counted as a success: the agent is there and answering, so it says nothing against the
     * capability's health.
     */
    record Failed(Instant dispatchedAt, String errorType, boolean retryable) implements Outcome {
        @Override
        public boolean countsAsFailure() {
            return retryable;
        }
    }

    /** No result by the attempt's deadline. */
    record TimedOut(Instant dispatchedAt) implements Outcome {
        @Override
        public boolean countsAsFailure() {
            return true;
        }
    }
}
