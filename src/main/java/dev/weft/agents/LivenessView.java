package dev.weft.agents;

import dev.weft.store.AgentRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which capabilities have live agents at one moment, computed from every agent's last heartbeat
 * and the tasks the engine has out. Immutable: a refresh builds a new view and readers only look
 * up maps, so asking costs nothing on the task path.
 *
 * @param computedAt the "now" the liveness rule was applied with
 * @param coverage   by capability, what the agents that ever announced it say
 * @param demand     by tenant, then capability: the tasks waiting on it
 */
public record LivenessView(Instant computedAt, Map<String, Coverage> coverage,
                           Map<String, Map<String, CapabilityDemand>> demand) {

    public static final LivenessView EMPTY = new LivenessView(Instant.EPOCH, Map.of(), Map.of());

    /**
     * What the agents table says of one capability.
     *
     * @param lastGoneAt the latest moment one of its agents died, or null when none has
     */
    public record Coverage(int liveAgents, Instant lastGoneAt) {
    }

    public LivenessView {
        coverage = Map.copyOf(coverage);
        Map<String, Map<String, CapabilityDemand>> sealed = new HashMap<>();
        demand.forEach((tenant, byCapability) -> sealed.put(tenant, Map.copyOf(byCapability)));
        demand = Map.copyOf(sealed);
    }

    /** Applies the liveness rule to every agent as of {@code now}, and files the demand by tenant. */
    public static LivenessView compute(Collection<AgentRecord> agents, Collection<CapabilityDemand> demand,
                                       Instant now) {
        Map<String, Coverage> coverage = new HashMap<>();
        for (AgentRecord agent : agents) {
            boolean alive = AgentLiveness.isAlive(agent, now);
            Instant goneAt = AgentLiveness.goneAt(agent);
            for (String capability : new LinkedHashSet<>(agent.capabilities())) {
                coverage.merge(capability, alive ? new Coverage(1, null) : new Coverage(0, goneAt),
                        (a, b) -> new Coverage(a.liveAgents() + b.liveAgents(),
                                latest(a.lastGoneAt(), b.lastGoneAt())));
            }
        }
        Map<String, Map<String, CapabilityDemand>> byTenant = new HashMap<>();
        for (CapabilityDemand d : demand) {
            byTenant.computeIfAbsent(d.tenant(), t -> new HashMap<>()).merge(d.capability(), d,
                    (a, b) -> new CapabilityDemand(a.tenant(), a.capability(), a.runningTasks() + b.runningTasks(),
                            earliest(a.firstDispatchedAt(), b.firstDispatchedAt())));
        }
        return new LivenessView(now, coverage, byTenant);
    }

    /** Agents alive now that announced the capability. */
    public int liveAgents(String capability) {
        Coverage c = coverage.get(capability);
        return c == null ? 0 : c.liveAgents();
    }

    /**
     * The capability as a step of {@code tenant} sees it; empty when neither an agent announced it
     * nor a task of the tenant waited on it at the refresh (a capability first needed since).
     */
    public Optional<CapabilityStatus> status(String tenant, String capability) {
        Coverage c = coverage.get(capability);
        CapabilityDemand d = demand.getOrDefault(tenant, Map.of()).get(capability);
        return c == null && d == null ? Optional.empty() : Optional.of(statusOf(capability, c, d));
    }

    /**
     * What a RUNNING step of {@code tenant} on {@code capability} should tell its watchers: empty
     * while an agent serves it (or nothing is known of it yet).
     */
    public String notice(String tenant, String capability) {
        return status(tenant, capability)
                .filter(s -> !s.served() && s.unservedSince() != null)
                .map(s -> "no live agent for capability '" + capability + "' since "
                        + s.unservedSince().truncatedTo(ChronoUnit.SECONDS) + "; the task waits in the broker")
                .orElse("");
    }

    /** For one tenant: every capability an agent announced, and those its tasks wait on; by name. */
    public List<CapabilityStatus> capabilities(String tenant) {
        Set<String> names = new TreeSet<>(coverage.keySet());
        names.addAll(demand.getOrDefault(tenant, Map.of()).keySet());
        List<CapabilityStatus> list = new ArrayList<>();
        names.forEach(name -> list.add(status(tenant, name).orElseThrow()));
        return list;
    }

    /** Every known capability across all tenants (tasks summed, the earliest need): for metrics and logs. */
    public List<CapabilityStatus> overall() {
        Map<String, CapabilityDemand> total = new TreeMap<>();
        demand.values().forEach(byCapability -> byCapability.values().forEach(d -> total.merge(d.capability(), d,
                (a, b) -> new CapabilityDemand("*", a.capability(), a.runningTasks() + b.runningTasks(),
                        earliest(a.firstDispatchedAt(), b.firstDispatchedAt())))));
        Set<String> names = new TreeSet<>(coverage.keySet());
        names.addAll(total.keySet());
        List<CapabilityStatus> list = new ArrayList<>();
        names.forEach(name -> list.add(statusOf(name, coverage.get(name), total.get(name))));
        return list;
    }

    /**
     * Unserved since its last agent died; when no agent ever announced it, since the first
     * dispatch of a task still waiting on it.
     */
    private static CapabilityStatus statusOf(String capability, Coverage c, CapabilityDemand d) {
        int live = c == null ? 0 : c.liveAgents();
        Instant since = live > 0 ? null : c != null ? c.lastGoneAt() : d.firstDispatchedAt();
        return new CapabilityStatus(capability, live, since, d == null ? 0 : d.runningTasks());
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }
}
