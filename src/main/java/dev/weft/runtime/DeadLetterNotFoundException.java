package dev.weft.runtime;

/** No dead letter of that id for the caller's tenant. */
public class DeadLetterNotFoundException extends RuntimeException {
    public DeadLetterNotFoundException(long id) {
        super("id: no dead letter " + id);
    }
}
