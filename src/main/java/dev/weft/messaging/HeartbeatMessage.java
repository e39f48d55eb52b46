package dev.weft.messaging;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/** An agent's periodic announcement (docs/agent-protocol.md). */
@RegisterForReflection
public record HeartbeatMessage(String agentId, List<String> capabilities, String version, Integer intervalSeconds,
                               String status, Instant sentAt) {
}
