package dev.weft.wiring;

import dev.weft.expr.ExpressionEvaluator;
import dev.weft.messaging.AmqpAddresses;
import dev.weft.messaging.AmqpBroker;
import dev.weft.messaging.AmqpTaskSender;
import dev.weft.messaging.OutboxRelay;
import dev.weft.messaging.ResultHandler;
import dev.weft.messaging.RoutingMetrics;
import dev.weft.observability.ExecutionMetrics;
import dev.weft.observability.ExecutionSpans;
import dev.weft.observability.FailureMetrics;
import dev.weft.runtime.ChangeBroadcaster;
import dev.weft.runtime.DefinitionService;
import dev.weft.runtime.ExecutionRuntime;
import dev.weft.runtime.TimerService;
import dev.weft.store.PgBatchWriter;
import dev.weft.store.PgChangeListener;
import dev.weft.store.PgDeadLetterStore;
import dev.weft.store.PgExecutionReader;
import dev.weft.store.PgOutboxStore;
import dev.weft.store.PgTimerStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.time.InstantSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The production replica: PostgreSQL and AMQP behind the runtime's ports, its parts offered as
 * beans ({@link ReplicaTicks} drives its periodic work).
 */
@ApplicationScoped
public class ReplicaBeans {

    @Inject
    Pool pool;
    @Inject
    PgExecutionReader history;
    @Inject
    DefinitionService definitions;
    @Inject
    PgChangeListener changes;
    @Inject
    AmqpBroker broker;
    @Inject
    AmqpAddresses addresses;
    @Inject
    Vertx vertx;
    @Inject
    InstantSource clock;
    @Inject
    MeterRegistry meters;
    @Inject
    ExpressionEvaluator expressions;
    @Inject
    io.opentelemetry.api.trace.Tracer tracer;
    /** Fixed at build time; {@code none} in the default build. */
    @ConfigProperty(name = "quarkus.otel.traces.exporter", defaultValue = "cdi")
    List<String> tracesExporters;
    @Inject
    dev.weft.breaker.ReplicatedBreakers breakers;
    @Inject
    dev.weft.rollout.RolloutFlags rollout;

    @ConfigProperty(name = "weft.store.commit.max-in-flight", defaultValue = "2")
    int commitsInFlight;
    @ConfigProperty(name = "weft.store.commit.max-batch", defaultValue = "256")
    int commitBatch;
    @ConfigProperty(name = "weft.outbox.send-timeout", defaultValue = "10s")
    Duration sendTimeout;
    @ConfigProperty(name = "weft.outbox.claim", defaultValue = "20s")
    Duration outboxClaim;
    @ConfigProperty(name = "weft.outbox.accept-mark-delay", defaultValue = "3s")
    Duration acceptMarkDelay;
    @ConfigProperty(name = "weft.timers.lease", defaultValue = "10s")
    Duration timerLease;
    @ConfigProperty(name = "weft.limits.max-result-bytes", defaultValue = "1048576")
    int maxResultBytes;
    @ConfigProperty(name = "weft.amqp.results-max-deliveries", defaultValue = "20")
    int maxDeliveries;

    private AmqpTaskSender sender;

    @Produces
    @Singleton
    PgDeadLetterStore deadLetters() {
        return new PgDeadLetterStore(pool);
    }

    @Produces
    @Singleton
    Replica replica(PgDeadLetterStore deadLetters) {
        sender = new AmqpTaskSender(broker, addresses);
        FailureMetrics failures = new FailureMetrics(meters);
        Replica.Ports ports = new Replica.Ports(new PgBatchWriter(pool), history, definitions, history,
                new PgOutboxStore(pool, new dev.weft.runtime.TaskMessages(addresses::tasks)::resend), new PgTimerStore(pool), failures.counting(deadLetters), sender,
                (delay, action) -> vertx.setTimer(Math.max(1, delay.toMillis()), id -> action.run()),
                changes, clock, meters, () -> java.util.UUID.randomUUID().toString(), new BreakerGate(breakers),
                rollout);
        Replica.Settings settings = new Replica.Settings(addresses::tasks, commitsInFlight, commitBatch,
                new OutboxRelay.Settings(sendTimeout, outboxClaim, Duration.ofSeconds(1), acceptMarkDelay), timerLease,
                new ResultHandler.Settings(maxResultBytes, maxDeliveries, maxResultBytes + 4096,
                        addresses::deployment));
        Replica replica = new Replica(ports, settings, expressions);
        replica.onCommit(new BreakerOutcomes(breakers));
        replica.onCommit(failures);
        replica.onCommit(new ExecutionMetrics(meters));
        if (!tracesExporters.equals(List.of("none"))) {
            // Only when spans go somewhere: made and dropped, they cost ~10 % of the throughput
            // (docs/performance.md), and the default build exports none (docs/tracing.md).
            ExecutionSpans spans = new ExecutionSpans(tracer, clock);
            replica.onCommit(spans);
            replica.relay.onAccepted(spans::sent);
        }
        return replica;
    }

    @Produces
    @Singleton
    ExecutionRuntime runtime(Replica replica) {
        return replica.runtime;
    }

    @Produces
    @Singleton
    dev.weft.runtime.ExecutionStarts starts(Replica replica) {
        return replica.starts;
    }

    @Produces
    @Singleton
    ChangeBroadcaster broadcaster(Replica replica) {
        return replica.broadcaster;
    }

    @Produces
    @Singleton
    ResultHandler results(Replica replica) {
        return replica.results;
    }

    @Produces
    @Singleton
    RoutingMetrics routing(Replica replica) {
        return replica.routing;
    }

    @Produces
    @Singleton
    OutboxRelay relay(Replica replica) {
        return replica.relay;
    }

    @Produces
    @Singleton
    TimerService timers(Replica replica) {
        return replica.timers;
    }

    void onStop(@Observes ShutdownEvent event) {
        if (sender != null) {
            sender.close();
        }
    }
}
