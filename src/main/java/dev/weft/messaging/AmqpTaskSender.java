package dev.weft.messaging;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.amqp.AmqpSenderOptions;
import io.vertx.core.Future;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Sends task messages over AMQP 1.0, one durable sender link per capability address, opened
 * with the {@code queue} capability so brokers keep messages for agents that attach later.
 * The returned future completes when the broker has accepted the message.
 */
@ApplicationScoped
public class AmqpTaskSender {
    private static final Logger LOG = Logger.getLogger(AmqpTaskSender.class);

    @Inject
    AmqpBroker broker;

    private AmqpClient client;
    private Future<AmqpConnection> connection;
    private final Map<String, Future<AmqpSender>> senders = new ConcurrentHashMap<>();

    public Future<Void> send(String address, AmqpMessage message) {
        return sender(address).compose(s -> s.sendWithAck(message))
                .onFailure(e -> senders.remove(address));
    }

    private Future<AmqpSender> sender(String address) {
        return senders.computeIfAbsent(address, a -> connection().compose(c ->
                c.createSender(a, new AmqpSenderOptions().addCapability("queue"))));
    }

    private synchronized Future<AmqpConnection> connection() {
        if (connection == null || connection.failed()
                || (connection.succeeded() && connection.result().isDisconnected())) {
            if (client == null) {
                client = broker.newClient();
            }
            senders.clear();
            connection = client.connect().onSuccess(c -> c.exceptionHandler(e -> {
                LOG.warnf("AMQP connection to %s failed: %s", broker.describe(), e.getMessage());
                reset();
            })).onFailure(e -> LOG.warnf("cannot connect to AMQP broker %s: %s", broker.describe(), e.getMessage()));
        }
        return connection;
    }

    private synchronized void reset() {
        connection = null;
        senders.clear();
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
