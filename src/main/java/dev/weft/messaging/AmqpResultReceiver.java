package dev.weft.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpReceiverOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Receives agents' results over AMQP 1.0 with manual settlement (docs/adr/0001): a result is
 * accepted only after what it means has committed, released for redelivery when that failed,
 * and never dropped — a body that cannot be understood becomes a dead letter first. At most
 * {@code credit} results are in flight, so a burst cannot exhaust memory.
 */
@ApplicationScoped
public class AmqpResultReceiver {
    private static final Logger LOG = Logger.getLogger(AmqpResultReceiver.class);

    @Inject
    AmqpBroker broker;
    @Inject
    ResultHandler handler;
    @Inject
    AmqpAddresses addresses;

    @ConfigProperty(name = "weft.amqp.results-credit", defaultValue = "1000")
    int credit;
    /** A result that still cannot be recorded after this many deliveries is a poison message. */
    @ConfigProperty(name = "weft.amqp.results-max-deliveries", defaultValue = "20")
    int maxDeliveries;

    private static final long RELEASE_DELAY_MS = 500;
    private final AtomicInteger inFlight = new AtomicInteger();
    private AmqpClient client;
    private volatile AmqpReceiver receiver;
    private volatile boolean stopping;

    void start(@Observes StartupEvent event) {
        client = broker.newClient();
        connect();
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (client != null) {
            client.close();
        }
    }

    private void connect() {
        if (stopping) {
            return;
        }
        client.connect()
                .compose(conn -> {
                    conn.exceptionHandler(e -> reconnectLater("connection failed: " + e.getMessage()));
                    return conn.createReceiver(addresses.results(), new AmqpReceiverOptions()
                            .setCapabilities(List.of("queue")).setDurable(true)
                            .setAutoAcknowledgement(false).setMaxBufferedMessages(credit));
                })
                .onSuccess(r -> {
                    receiver = r;
                    r.exceptionHandler(e -> reconnectLater("receiver failed: " + e.getMessage()));
                    r.handler(this::onMessage);
                    LOG.infof("consuming results from %s on %s", addresses.results(), broker.describe());
                })
                .onFailure(e -> reconnectLater("cannot attach to " + addresses.results() + ": " + e.getMessage()));
    }

    private void reconnectLater(String why) {
        if (stopping) {
            return;
        }
        LOG.warnf("results consumer: %s; reconnecting in 1 s", why);
        receiver = null;
        broker.vertx().setTimer(1000, id -> connect());
    }

    private void onMessage(AmqpMessage message) {
        if (inFlight.incrementAndGet() >= credit && receiver != null) {
            receiver.pause(); // back-pressure: no more than `credit` results being recorded
        }
        String body = body(message);
        Map<String, Object> properties = properties(message);
        var handling = message.deliveryCount() >= maxDeliveries
                ? handler.giveUp(body, properties, message.deliveryCount())
                : handler.handle(body, properties);
        handling.subscribe().with(
                disposition -> settle(message, disposition),
                failure -> settle(message, ResultHandler.Disposition.RELEASE));
    }

    private void settle(AmqpMessage message, ResultHandler.Disposition disposition) {
        if (disposition == ResultHandler.Disposition.RELEASE) {
            // Recording failed (database down, a conflict with another replica): hand the message
            // back after a pause, so an outage does not turn into a hot redelivery loop.
            broker.vertx().setTimer(RELEASE_DELAY_MS, id -> {
                message.modified(true, false);
                released();
            });
            return;
        }
        message.accepted();
        released();
    }

    private void released() {
        if (inFlight.decrementAndGet() < credit / 2 && receiver != null) {
            receiver.resume();
        }
    }

    static String body(AmqpMessage message) {
        Section section = message.unwrap().getBody();
        if (section instanceof Data data) {
            Binary b = data.getValue();
            return new String(b.getArray(), b.getArrayOffset(), b.getLength(), StandardCharsets.UTF_8);
        }
        if (section instanceof AmqpValue value) {
            Object v = value.getValue();
            if (v instanceof Binary b) {
                return new String(b.getArray(), b.getArrayOffset(), b.getLength(), StandardCharsets.UTF_8);
            }
            return v == null ? null : v.toString();
        }
        return null;
    }

    private static Map<String, Object> properties(AmqpMessage message) {
        Map<String, Object> props = new HashMap<>();
        if (message.applicationProperties() != null) {
            props.putAll(message.applicationProperties().getMap());
        }
        if (message.correlationId() != null) {
            props.put("correlation-id", message.correlationId());
        }
        return props;
    }
}
