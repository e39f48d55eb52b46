package dev.weft.runtime;

/** A message for an execution of another tenant than the one it names. */
public class WrongTenantException extends RuntimeException {
    public WrongTenantException(String executionId, String tenant) {
        super("execution " + executionId + " does not belong to tenant " + tenant);
    }
}
