package dev.weft.messaging;

import dev.weft.agent.AgentProtocol;
import dev.weft.runtime.port.TaskSender;
import dev.weft.store.OutboxMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.amqp.AmqpSenderOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Set;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Sends task messages over AMQP 1.0, one durable sender link per capability address, opened
 * with the {@code queue} capability so brokers keep messages for agents that attach later. A send
 * completes when the broker accepted the message. A lost connection (broken or closed by the
 * broker) is dropped at once, so the next send reconnects.
 */
public class AmqpTaskSender implements TaskSender {
    private static final Logger LOG = Logger.getLogger(AmqpTaskSender.class);

    private final AmqpBroker broker;
    private final AmqpAddresses addresses;
    private AmqpClient client;
    private Future<AmqpConnection> connection;
    private final Map<String, Future<AmqpSender>> senders = new ConcurrentHashMap<>();
    private final Set<Promise<Void>> pending = ConcurrentHashMap.newKeySet();

    public AmqpTaskSender(AmqpBroker broker, AmqpAddresses addresses) {
        this.broker = broker;
        this.addresses = addresses;
    }

    @Override
    public Uni<Void> send(OutboxMessage m) {
        AmqpMessage message = toAmqp(m);
        return Uni.createFrom().completionStage(() -> {
            // A send on a connection that dies never hears back: it is failed with the connection.
            Promise<Void> outcome = Promise.promise();
            pending.add(outcome);
            sender(m.address()).compose(s -> s.sendWithAck(message))
                    .onComplete(ar -> {
                        pending.remove(outcome);
                        if (ar.succeeded()) {
                            outcome.tryComplete(null);
                        } else {
                            senders.remove(m.address());
                            outcome.tryFail(ar.cause());
                        }
                    });
            return outcome.future().toCompletionStage();
        });
    }

    private AmqpMessage toAmqp(OutboxMessage m) {
        JsonObject properties = new JsonObject(TaskHeaders.forSending(m, addresses.deployment()));
        return AmqpMessage.create()
                .id(m.taskId())
                .durable(true)
                .replyTo(addresses.results())
                .contentType(AgentProtocol.CONTENT_TYPE_JSON)
                .applicationProperties(properties)
                .withBufferAsBody(Buffer.buffer(m.message()))
                .build();
    }

    private Future<AmqpSender> sender(String address) {
        return senders.computeIfAbsent(address, a -> connection().compose(c ->
                c.createSender(a, new AmqpSenderOptions().addCapability(AgentProtocol.QUEUE_CAPABILITY))));
    }

    private synchronized Future<AmqpConnection> connection() {
        if (connection == null || connection.failed()
                || (connection.succeeded() && connection.result().isDisconnected())) {
            if (client == null) {
                client = broker.newClient();
            }
            senders.clear();
            Future<AmqpConnection> attempt = client.connect();
            connection = attempt;
            attempt.onSuccess(c -> {
                c.exceptionHandler(e -> lost(attempt, "failed: " + e.getMessage()));
                c.closeFuture().onComplete(x -> lost(attempt, "was closed"));
            }).onFailure(e -> LOG.warnf("cannot connect to AMQP broker %s: %s", broker.describe(), e.getMessage()));
        }
        return connection;
    }

    private synchronized void lost(Future<AmqpConnection> which, String how) {
        if (connection == which) {
            LOG.warnf("AMQP connection to %s %s; the next send reconnects", broker.describe(), how);
            connection = null;
            senders.clear();
            IllegalStateException gone = new IllegalStateException("the AMQP connection " + how);
            for (Promise<Void> p : List.copyOf(pending)) {
                pending.remove(p);
                p.tryFail(gone);
            }
        }
    }

    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
