package dev.weft.breaker;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts the breakers before the application serves (their state read back from the table, then
 * LISTEN), ticks them on the Quarkus scheduler and stops listening at shutdown.
 */
@ApplicationScoped
public class BreakerTicks {

    @Inject
    ReplicatedBreakers breakers;
    @Inject
    Vertx vertx;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    void onStart(@Observes StartupEvent event) {
        breakers.start(new PgBreakerFeed(vertx, PgBreakerFeed.options(url, username.orElse(null),
                password.orElse(null)))).await().atMost(Duration.ofSeconds(30));
    }

    void onStop(@Observes ShutdownEvent event) {
        breakers.close();
    }

    @Scheduled(every = "${weft.breaker.tick-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return breakers.tick();
    }
}
