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

    private static final long RELEASE_DELAY_MS = 500;
    private final AtomicInteger inFlight = new AtomicInteger();
    private AmqpClient client;
    private volatile AmqpReceiver receiver;
    private volatile boolean stopping;
    /** Counts connection attempts: only a failure of the current one leads to a reconnect. */
    private int generation;

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

    private synchronized void connect() {
        if (stopping) {
            return;
        }
        int attempt = ++generation;
        client.connect()
                .compose(conn -> {
                    conn.exceptionHandler(e -> reconnectLater(attempt, "connection failed: " + e.getMessage()));
                    conn.closeFuture().onComplete(c -> reconnectLater(attempt, "connection closed"));
                    return conn.createReceiver(addresses.results(), new AmqpReceiverOptions()
                            .setCapabilities(List.of("queue")).setDurable(true)
                            .setAutoAcknowledgement(false).setMaxBufferedMessages(credit));
                })
                .onSuccess(r -> {
                    receiver = r;
                    r.exceptionHandler(e -> reconnectLater(attempt, "receiver failed: " + e.getMessage()));
                    r.handler(this::onMessage);
                    LOG.infof("consuming results from %s on %s", addresses.results(), broker.describe());
                })
                .onFailure(e -> reconnectLater(attempt, "cannot attach to " + addresses.results() + ": "
                        + e.getMessage()));
    }

    /** Once per failed connection, however many ways it reports its failure. */
    private synchronized void reconnectLater(int attempt, String why) {
        if (stopping || attempt != generation) {
            return;
        }
        generation++; // later reports of this connection's failure are ignored
        LOG.warnf("results consumer: %s; reconnecting in 1 s", why);
        receiver = null;
        broker.vertx().setTimer(1000, id -> connect());
    }

    private void onMessage(AmqpMessage message) {
        if (inFlight.incrementAndGet() >= credit && receiver != null) {
            receiver.pause(); // back-pressure: no more than `credit` results being recorded
        }
        byte[] bytes = bodyBytes(message);
        String body = bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        handler.handle(body, bytes == null ? 0 : bytes.length, properties(message), message.deliveryCount())
                .subscribe().with(
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

    /** The body as sent: a Data section (the protocol's form) or an amqp-value; null when none. */
    static byte[] bodyBytes(AmqpMessage message) {
        Section section = message.unwrap().getBody();
        if (section instanceof Data data && data.getValue() != null) {
            Binary b = data.getValue();
            return java.util.Arrays.copyOfRange(b.getArray(), b.getArrayOffset(), b.getArrayOffset() + b.getLength());
        }
        if (section instanceof AmqpValue value) {
            Object v = value.getValue();
            if (v instanceof Binary b) {
                return java.util.Arrays.copyOfRange(b.getArray(), b.getArrayOffset(),
                        b.getArrayOffset() + b.getLength());
            }
            return v == null ? null : v.toString().getBytes(StandardCharsets.UTF_8);
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
