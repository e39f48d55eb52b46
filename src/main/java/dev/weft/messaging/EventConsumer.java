package dev.weft.messaging;

import dev.weft.engine.Command;
import dev.weft.runtime.ExecutionNotFoundException;
import dev.weft.runtime.SignalRules;
import dev.weft.runtime.Waiting;
import dev.weft.runtime.port.DeadLetterStore;
import dev.weft.store.DeadLetter;
import dev.weft.store.Json;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Signals from the AMQP events address ({@code weft.events}): the same rules and the same effect as
 * SignalExecution over gRPC. A message is acknowledged once its signal is recorded (or, when it
 * can never be, kept as a dead letter of source {@code events} with the reason naming the field);
 * a failure to record it releases it for redelivery, so an accepted event is never lost.
 */
@ApplicationScoped
public class EventConsumer {
    private static final Logger LOG = Logger.getLogger(EventConsumer.class);
    static final String SOURCE = "events";
    static final String DEFAULT_TENANT = "default";

    @Inject
    Waiting waiting;
    @Inject
    DeadLetterStore deadLetters;
    @Inject
    InstantSource clock;

    @Incoming("events")
    public CompletionStage<Void> onEvent(Message<Object> message) {
        // A message without application properties has none (null), not an empty set.
        Map<String, Object> properties = message.getMetadata(IncomingAmqpMetadata.class)
                .map(IncomingAmqpMetadata::getProperties).map(p -> p.getMap()).orElse(Map.of());
        String tenant = properties.get(ResultProperties.TENANT) instanceof String t && !t.isBlank() ? t
                : DEFAULT_TENANT;
        return Uni.createFrom().deferred(() -> handle(tenant, IncomingBodies.text(message.getPayload()), properties))
                .subscribeAsCompletionStage()
                .thenCompose(x -> message.ack())
                .exceptionallyCompose(e -> {
                    LOG.warnf("event not recorded (%s); released for redelivery", e.getMessage());
                    return message.nack(e);
                });
    }

    /** The item arrives once the event is recorded or kept as a dead letter; a failure means: try again. */
    Uni<Void> handle(String tenant, String body, Map<String, Object> properties) {
        EventMessage e;
        try {
            e = body == null ? null : Json.read(body, EventMessage.class);
        } catch (RuntimeException x) {
            return keep(tenant, body, properties, "unreadable event: " + ResultReader.firstLine(x.getMessage()), null);
        }
        if (e == null) {
            return keep(tenant, body, properties, "the event message has no body", null);
        }
        String problem = SignalRules.problem(e.event(), e.executionId(), e.correlation(), e.signalId());
        if (problem != null) {
            return keep(tenant, body, properties, problem, e.executionId());
        }
        Command.SignalExecution signal = new Command.SignalExecution(blankToNull(e.signalId()), e.event(),
                blankToNull(e.correlation()), e.payload(), blankToNull(e.sentBy()));
        if (e.executionId() == null || e.executionId().isEmpty()) {
            return waiting.signalByCorrelation(tenant, signal).invoke(list -> {
                if (list.isEmpty()) {
                    LOG.infof("event '%s' (%s) reached no waiting execution", e.event(), e.correlation());
                }
            }).replaceWithVoid();
        }
        return waiting.signal(tenant, e.executionId(), signal).replaceWithVoid()
                .onFailure(ExecutionNotFoundException.class).recoverWithUni(x -> keep(tenant, body, properties,
                        "execution_id: no execution " + e.executionId() + " of tenant '" + tenant + "'",
                        e.executionId()))
                .onFailure(dev.weft.engine.CommandRejectedException.class).recoverWithUni(x -> keep(tenant, body,
                        properties, "execution " + e.executionId() + " refused the event: " + x.getMessage(),
                        e.executionId()));
    }

    private Uni<Void> keep(String tenant, String body, Map<String, Object> properties, String reason,
                           String executionId) {
        LOG.warnf("event kept as a dead letter: %s", reason);
        String stored = body == null ? "" : body;
        return deadLetters.add(new DeadLetter(clock.instant(), SOURCE, reason, properties, stored,
                        stored.getBytes(StandardCharsets.UTF_8).length, tenant, blankToNull(executionId), null, null,
                        null))
                .replaceWithVoid();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
