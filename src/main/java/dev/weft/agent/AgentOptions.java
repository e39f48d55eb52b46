package dev.weft.agent;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection and flow settings of an {@link AgentRunner}.
 *
 * @param username          null for an anonymous connection (SASL ANONYMOUS)
 * @param agentId           identifies this process in results and heartbeats
 * @param prefetch          max tasks handled at once per capability (also the link credit window)
 * @param heartbeatInterval how often to announce liveness; the engine presumes death after 3 intervals
 * @param retryBackoff      wait before handing a task back to the broker when its result could
 *                          not be delivered, so a broken results path does not spin
 * @param shutdownGrace     how long {@code close()} lets in-flight tasks finish
 */
public record AgentOptions(
        String host,
        int port,
        String username,
        String password,
        String agentId,
        int prefetch,
        Duration heartbeatInterval,
        Duration retryBackoff,
        Duration shutdownGrace) {

    public static final int DEFAULT_PREFETCH = 100;

    public AgentOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(agentId, "agentId");
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be >= 1");
        }
        if (heartbeatInterval.toSeconds() < 1) {
            throw new IllegalArgumentException("heartbeatInterval must be at least 1s");
        }
    }

    public static AgentOptions of(String host, int port, String agentId) {
        return new AgentOptions(host, port, null, null, agentId, DEFAULT_PREFETCH, Duration.ofSeconds(5),
                Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    public AgentOptions withCredentials(String user, String pass) {
        return new AgentOptions(host, port, user, pass, agentId, prefetch, heartbeatInterval, retryBackoff, shutdownGrace);
    }

    public AgentOptions withPrefetch(int value) {
        return new AgentOptions(host, port, username, password, agentId, value, heartbeatInterval, retryBackoff, shutdownGrace);
    }

    public AgentOptions withHeartbeatInterval(Duration value) {
        return new AgentOptions(host, port, username, password, agentId, prefetch, value, retryBackoff, shutdownGrace);
    }

    public AgentOptions withRetryBackoff(Duration value) {
        return new AgentOptions(host, port, username, password, agentId, prefetch, heartbeatInterval, value, shutdownGrace);
    }

    public AgentOptions withShutdownGrace(Duration value) {
        return new AgentOptions(host, port, username, password, agentId, prefetch, heartbeatInterval, retryBackoff, value);
    }
}
