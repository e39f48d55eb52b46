package dev.weft.breaker;

/** No replica has seen a task of the capability, and it is not configured: it has no breaker. */
public class UnknownCapabilityException extends RuntimeException {
    private final String capability;

    public UnknownCapabilityException(String capability) {
        super("no circuit breaker for '" + capability + "': no task of it was seen and it is not configured");
        this.capability = capability;
    }

    public String capability() {
        return capability;
    }
}
