package dev.weft.store;

import java.time.Instant;
import java.util.List;

public record AgentRecord(String agentId, List<String> capabilities, String version, String status,
                          int intervalSeconds, Instant lastHeartbeatAt) {
}
