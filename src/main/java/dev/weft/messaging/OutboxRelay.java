package dev.weft.messaging;

import dev.weft.store.OutboxMessage;
import dev.weft.store.PgOutboxStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The sending half of the transactional outbox. Committed rows are sent at once; a row leaves
 * the table only after the broker accepted its message, so a crash in between resends it (a
 * duplicate, never a loss). A sweep picks up rows whose send was lost.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration SWEEP_AGE = Duration.ofSeconds(5);

    @Inject
    AmqpTaskSender sender;
    @Inject
    PgOutboxStore store;
    @Inject
    RoutingMetrics metrics;
    @Inject
    InstantSource clock;
    @Inject
    AmqpAddresses addresses;

    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Long> accepted = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean deleting = new AtomicBoolean();

    public void send(List<OutboxMessage> messages) {
        for (OutboxMessage m : messages) {
            if (!inFlight.add(m.id())) {
                continue;
            }
            sender.send(m.address(), toAmqp(m)).onComplete(result -> {
                inFlight.remove(m.id());
                if (result.succeeded()) {
                    metrics.recordRouting(Duration.between(m.readyAt(), clock.instant()));
                    accepted.add(m.id());
                    deleteAccepted();
                } else {
                    LOG.debugf("task %s not sent yet (%s); the sweep retries", m.taskId(), result.cause().getMessage());
                }
            });
        }
    }

    /** Deletes accepted rows in batches: one statement for all acceptances that arrived meanwhile. */
    private void deleteAccepted() {
        if (!deleting.compareAndSet(false, true)) {
            return;
        }
        List<Long> ids = new ArrayList<>();
        Long id;
        while (ids.size() < 1000 && (id = accepted.poll()) != null) {
            ids.add(id);
        }
        store.delete(ids).subscribe().with(ok -> afterDelete(), failure -> {
            LOG.warnf("deleting sent outbox rows failed (%s); they will be resent", failure.getMessage());
            afterDelete();
        });
    }

    private void afterDelete() {
        deleting.set(false);
        if (!accepted.isEmpty()) {
            deleteAccepted();
        }
    }

    /** After a restart nothing is in flight: every row left in the outbox is resent at once. */
    void onStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        sweepOlderThan(Duration.ZERO).subscribe().with(x -> { });
    }

    @Scheduled(every = "${weft.outbox.sweep-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return sweepOlderThan(SWEEP_AGE);
    }

    private Uni<Void> sweepOlderThan(Duration age) {
        return store.unsent(clock.instant().minus(age), 1000)
                .invoke(rows -> send(rows.stream().filter(r -> !inFlight.contains(r.id())).toList()))
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("outbox sweep failed: %s", e.getMessage());
                    return null;
                });
    }

    private AmqpMessage toAmqp(OutboxMessage m) {
        // Fresh rows carry their headers; a row swept from the table after a restart does not.
        java.util.Map<String, Object> headers = m.headers() != null ? m.headers()
                : TaskHeaders.of(dev.weft.store.Json.read(m.message(), TaskMessage.class));
        return AmqpMessage.create()
                .id(m.taskId())
                .durable(true)
                .replyTo(addresses.results())
                .contentType("application/json")
                .applicationProperties(new JsonObject(headers))
                .withBufferAsBody(Buffer.buffer(m.message()))
                .build();
    }
}
