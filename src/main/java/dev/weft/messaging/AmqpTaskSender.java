package dev.weft.messaging;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.amqp.AmqpSenderOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
    Vertx vertx;

    @ConfigProperty(name = "amqp-host", defaultValue = "127.0.0.1")
    String host;
    @ConfigProperty(name = "amqp-port", defaultValue = "5672")
    int port;
    @ConfigProperty(name = "amqp-username")
    Optional<String> username;
    @ConfigProperty(name = "amqp-password")
    Optional<String> password;

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
                AmqpClientOptions options = new AmqpClientOptions().setHost(host).setPort(port)
                        .setReconnectAttempts(0);
                username.ifPresent(options::setUsername);
                password.ifPresent(options::setPassword);
                client = AmqpClient.create(vertx, options);
            }
            senders.clear();
            connection = client.connect().onSuccess(c -> c.exceptionHandler(e -> {
                LOG.warnf("AMQP connection to %s:%d failed: %s", host, port, e.getMessage());
                reset();
            })).onFailure(e -> LOG.warnf("cannot connect to AMQP broker %s:%d: %s", host, port, e.getMessage()));
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
