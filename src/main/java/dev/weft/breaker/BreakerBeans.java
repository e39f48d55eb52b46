package dev.weft.breaker;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;

/**
 * The replica's {@link CapabilityBreakers}, with PostgreSQL behind it ({@link BreakerTicks} starts
 * it and drives its tick).
 */
@ApplicationScoped
public class BreakerBeans {

    @Inject
    Pool pool;
    @Inject
    InstantSource clock;
    @Inject
    MeterRegistry meters;
    @Inject
    CircuitBreakerMaintenance maintenance;
    @Inject
    BreakerConfig config;

    @Produces
    @Singleton
    ReplicatedBreakers breakers() {
        return new ReplicatedBreakers(config.policy(), new PgBreakerStore(pool), clock, replicaName(), maintenance,
                meters);
    }

    /** The pod's name (HOSTNAME in Kubernetes) and a random part: unique even for two engines in one JVM. */
    private static String replicaName() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse("weft");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
