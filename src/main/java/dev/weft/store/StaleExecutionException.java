package dev.weft.store;

/** A decision was taken on a state the store has moved past (another replica committed first). */
public class StaleExecutionException extends RuntimeException {
    public StaleExecutionException(String executionId, long expectedSequence) {
        super("Expected execution " + executionId + " at sequence " + expectedSequence
                + " in the store, but another commit moved it on");
    }
}
