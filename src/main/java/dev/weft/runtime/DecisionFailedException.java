package dev.weft.runtime;

/**
 * Deciding a command threw: a bug, or a message the engine cannot take, not an outage. Told apart
 * from store and broker failures so that a message is set aside as poison only for this reason;
 * one that failed because the database was down is kept for redelivery until it can be recorded.
 */
public class DecisionFailedException extends RuntimeException {
    public DecisionFailedException(String executionId, Throwable cause) {
        super("deciding for execution " + executionId + " failed: " + cause, cause);
    }
}
