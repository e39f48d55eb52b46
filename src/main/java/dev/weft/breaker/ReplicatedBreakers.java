package dev.weft.breaker;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * {@link CapabilityBreakers} for one replica: a breaker per capability in memory, kept in step
 * with the shared table by the announcements of the {@link BreakerFeed} and by re-reading the
 * table on every {@link #tick()}.
 */
public final class ReplicatedBreakers implements CapabilityBreakers, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReplicatedBreakers.class);

    private final BreakerPolicy policy;
    private final BreakerContext context;
    private final CircuitBreakerMaintenance maintenance;
    private final BreakerMetrics metrics;
    private final Map<String, CapabilityBreaker> breakers = new ConcurrentHashMap<>();
    private final List<Consumer<BreakerTransition>> transitionListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> permitListeners = new CopyOnWriteArrayList<>();
    private BreakerFeed feed = BreakerFeed.NONE;

    /**
     * @param replica     this replica's name, unique among the replicas and in this JVM (it names
     *                    the SmallRye breakers and is recorded with every change it makes)
     * @param maintenance SmallRye's registry of named breakers
     */
    public ReplicatedBreakers(BreakerPolicy policy, BreakerStore store, InstantSource clock, String replica,
                              CircuitBreakerMaintenance maintenance, MeterRegistry meters) {
        this.policy = policy;
        this.maintenance = maintenance;
        this.metrics = new BreakerMetrics(meters);
        this.context = new BreakerContext(store, clock, replica, new BreakerContext.Sink() {
            @Override
            public void transitioned(BreakerTransition transition) {
                announce(transition);
            }

            @Override
            public void permitGranted(String capability) {
                permitListeners.forEach(l -> deliver(l, capability));
            }
        });
    }

    /** Reads the table (the state survives restarts), creates the configured breakers, then listens. */
    public Uni<Void> start(BreakerFeed changes) {
        return context.store().loadAll().invoke(rows -> rows.forEach(this::adopt)).invoke(() -> {
            policy.configured().forEach(this::breaker);
            feed = changes;
            changes.start(this::reload, () -> tick().subscribe().with(x -> { }));
        }).replaceWithVoid();
    }

    /**
     * Re-reads the table (catching up on any announcement missed), then moves due breakers on:
     * OPEN past its delay to HALF_OPEN, a half-open phase undecided for too long back to OPEN.
     */
    public Uni<Void> tick() {
        return context.store().loadAll()
                .invoke(rows -> rows.forEach(this::adopt))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("the circuit breakers could not be re-read: %s", e.getMessage());
                    return List.of();
                })
                .invoke(() -> {
                    Instant now = context.clock().instant();
                    breakers.values().forEach(b -> b.tick(now));
                })
                .replaceWithVoid();
    }

    @Override
    public Admission admit(String capability) {
        return breaker(capability).admit();
    }

    @Override
    public void dispatched(String capability, java.time.Instant deadline) {
        breaker(capability).dispatched(deadline);
    }

    @Override
    public void record(String capability, Outcome outcome) {
        breaker(capability).record(outcome);
    }

    @Override
    public boolean mayRelease(String capability) {
        CapabilityBreaker breaker = breakers.get(capability);
        return breaker == null || breaker.mayRelease();
    }

    @Override
    public Optional<BreakerStatus> status(String capability) {
        return Optional.ofNullable(breakers.get(capability)).map(CapabilityBreaker::status);
    }

    @Override
    public List<BreakerStatus> all() {
        return breakers.values().stream().map(CapabilityBreaker::status)
                .sorted(Comparator.comparing(BreakerStatus::capability)).toList();
    }

    @Override
    public void onTransition(Consumer<BreakerTransition> listener) {
        transitionListeners.add(listener);
    }

    @Override
    public void onProbePermit(Consumer<String> listener) {
        permitListeners.add(listener);
    }

    @Override
    public Uni<BreakerStatus> reset(String capability, String who) {
        CapabilityBreaker known = breakers.get(capability);
        if (known != null) {
            return known.reset(who);
        }
        return context.store().load(capability).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().failure(new UnknownCapabilityException(capability));
            }
            adopt(found.get());
            return breakers.get(capability).reset(who);
        });
    }

    @Override
    public void close() {
        feed.close();
    }

    private CapabilityBreaker breaker(String capability) {
        CapabilityBreaker known = breakers.get(capability);
        if (known != null) {
            return known;
        }
        Instant now = context.clock().instant();
        boolean[] created = {false};
        CapabilityBreaker breaker = breakers.computeIfAbsent(capability, c -> {
            created[0] = true;
            return create(BreakerRow.initial(c, now));
        });
        if (created[0]) {
            // Every replica shall know the capability (for the API), not only those that saw its tasks.
            context.store().register(capability, now, context.replica()).subscribe().with(x -> { },
                    e -> LOG.warnf("%s: the breaker could not be registered: %s", capability, e.getMessage()));
        }
        return breaker;
    }

    private void adopt(BreakerRow row) {
        breakers.computeIfAbsent(row.capability(), c -> create(row)).adopt(row);
    }

    private CapabilityBreaker create(BreakerRow initial) {
        CapabilityBreaker breaker = new CapabilityBreaker(initial.capability(), policy.settings(initial.capability()),
                context, initial, maintenance);
        metrics.track(breaker);
        return breaker;
    }

    private void reload(String capability) {
        context.store().load(capability).subscribe().with(found -> found.ifPresent(this::adopt),
                e -> LOG.warnf("%s: the breaker could not be re-read: %s", capability, e.getMessage()));
    }

    private void announce(BreakerTransition transition) {
        LOG.infof("circuit breaker %s: %s -> %s (%s)%s", transition.capability(), transition.from(), transition.to(),
                transition.reason(), transition.local() ? "" : " by " + transition.changedBy());
        if (transition.local()) {
            metrics.transitionMade(transition);
        }
        transitionListeners.forEach(l -> deliver(l, transition));
    }

    private static <T> void deliver(Consumer<T> listener, T value) {
        try {
            listener.accept(value);
        } catch (RuntimeException e) {
            LOG.errorf(e, "a circuit breaker listener failed on %s", value);
        }
    }
}
