package dev.weft.agents;

import dev.weft.definition.StepDefinition;
import dev.weft.definition.WorkflowDefinition;
import dev.weft.runtime.port.DefinitionLookup;
import dev.weft.store.AgentRecord;
import dev.weft.store.PgAgentStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Keeps the {@link LivenessView} of this replica: every few seconds (and when a heartbeat may
 * change it) it reads the agents table and the running steps, two queries whatever the number of
 * tasks, and applies the liveness rule with the injected clock. Every replica computes the same
 * view from the same shared tables. Readers take {@link #view()}; watchers subscribe to each new
 * view; the metrics and the log lines follow it.
 */
@ApplicationScoped
public class LivenessMonitor {
    private static final Logger LOG = Logger.getLogger(LivenessMonitor.class);

    @Inject
    PgAgentStore store;
    @Inject
    DefinitionLookup definitions;
    @Inject
    InstantSource clock;
    @Inject
    MeterRegistry meters;

    private volatile LivenessView view = LivenessView.EMPTY;
    private final List<Consumer<LivenessView>> listeners = new CopyOnWriteArrayList<>();
    private final UnservedWarnings warnings = new UnservedWarnings();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicBoolean refreshAgain = new AtomicBoolean();
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile boolean stopping;
    private LivenessMetrics metrics;

    @PostConstruct
    void init() {
        metrics = new LivenessMetrics(meters);
    }

    /** The view of the last refresh. */
    public LivenessView view() {
        return view;
    }

    /** Calls {@code listener} with every new view; the returned action unsubscribes. */
    public Runnable subscribe(Consumer<LivenessView> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Scheduled(every = "${weft.agents.refresh-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return refresh().onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Reads the shared tables and publishes the view they give as of now. A failure keeps the
     * previous view (and is logged once until a refresh succeeds again).
     */
    public Uni<LivenessView> refresh() {
        return Uni.createFrom().deferred(() -> {
            Instant now = clock.instant();
            return Uni.combine().all().unis(store.all(), store.runningSteps().chain(this::demand)).asTuple()
                    .map(both -> LivenessView.compute(both.getItem1(), both.getItem2(), now));
        }).invoke(this::publish).onFailure().invoke(this::refreshFailed);
    }

    /**
     * A heartbeat was stored: refresh at once when it may change a capability's liveness (a
     * capability without live agents gains one, or an agent says goodbye), so a waiting task's
     * notice clears without waiting for the next tick. Concurrent requests fold into one more refresh.
     */
    public void heartbeatStored(AgentRecord agent) {
        boolean stoppingAgent = AgentLiveness.STOPPING.equals(agent.status());
        boolean mayChange = agent.capabilities().stream()
                .anyMatch(c -> stoppingAgent ? view.liveAgents(c) > 0 : view.liveAgents(c) == 0);
        if (mayChange && !stopping) {
            requestRefresh();
        }
    }

    private void requestRefresh() {
        if (refreshing.getAndSet(true)) {
            refreshAgain.set(true);
            return;
        }
        refresh().onTermination().invoke(() -> {
            refreshing.set(false);
            if (refreshAgain.getAndSet(false)) {
                requestRefresh();
            }
        }).subscribe().with(v -> { }, e -> { });
    }

    /** The running steps mapped to their capabilities (definitions are cached: no query once read). */
    private Uni<List<CapabilityDemand>> demand(List<PgAgentStore.RunningSteps> rows) {
        Map<String, List<PgAgentStore.RunningSteps>> byVersion = new HashMap<>();
        rows.forEach(r -> byVersion.computeIfAbsent(r.tenant() + "/" + r.workflow() + "/" + r.version(),
                k -> new ArrayList<>()).add(r));
        if (byVersion.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<List<CapabilityDemand>>> lookups = new ArrayList<>();
        for (List<PgAgentStore.RunningSteps> steps : byVersion.values()) {
            PgAgentStore.RunningSteps first = steps.get(0);
            lookups.add(definitions.pinned(first.tenant(), first.workflow(), first.version())
                    .map(def -> demandOf(def, steps)));
        }
        return Uni.join().all(lookups).andFailFast()
                .map(lists -> lists.stream().flatMap(List::stream).toList());
    }

    private static List<CapabilityDemand> demandOf(WorkflowDefinition def, List<PgAgentStore.RunningSteps> steps) {
        List<CapabilityDemand> list = new ArrayList<>();
        if (def == null) {
            return list; // the execution cannot run without it either; nothing waits on a known capability
        }
        for (PgAgentStore.RunningSteps s : steps) {
            def.step(s.stepId()).map(StepDefinition::agent).ifPresent(capability ->
                    list.add(new CapabilityDemand(s.tenant(), capability, s.count(), s.firstStartedAt())));
        }
        return list;
    }

    /** In one order for everyone: the view, the metrics, the log lines, then the watchers. */
    private synchronized void publish(LivenessView next) {
        // Refreshes may overlap: the view of the later "now" wins.
        if (next.computedAt().isBefore(view.computedAt())) {
            return;
        }
        view = next;
        if (failing.getAndSet(false)) {
            LOG.info("agent liveness refresh works again");
        }
        List<CapabilityStatus> overall = next.overall();
        metrics.publish(overall);
        for (UnservedWarnings.Line line : warnings.observe(next.computedAt(), overall)) {
            if (line.warning()) {
                LOG.warn(line.text());
            } else {
                LOG.info(line.text());
            }
        }
        listeners.forEach(l -> l.accept(next));
    }

    private void refreshFailed(Throwable e) {
        if (!stopping && !failing.getAndSet(true)) {
            LOG.warnf("agent liveness refresh failed, keeping the view of %s: %s", view.computedAt(), e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }
}
