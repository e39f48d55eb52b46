package dev.weft.agent;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.amqp.AmqpSenderOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * One sender link per reply-to address (normally just {@code weft.results}), opened lazily on a
 * connection. A link that failed to open or was closed by the broker is forgotten, so the next
 * result retries the attach instead of reusing a dead link.
 */
final class ResultSenders {

    private final AmqpConnection connection;
    private final Map<String, Future<AmqpSender>> senders = new ConcurrentHashMap<>();

    ResultSenders(AmqpConnection connection) {
        this.connection = connection;
    }

    /** Sends durably and completes when the broker has accepted (stored) the message. */
    Future<Void> sendWithAck(String address, AmqpMessage message) {
        return sender(address).compose(sender -> sender.sendWithAck(message));
    }

    private Future<AmqpSender> sender(String address) {
        Future<AmqpSender> existing = senders.get(address);
        if (existing != null) {
            return existing;
        }
        Promise<AmqpSender> promise = Promise.promise();
        Future<AmqpSender> mine = promise.future();
        Future<AmqpSender> raced = senders.putIfAbsent(address, mine);
        if (raced != null) {
            return raced;
        }
        connection.createSender(address, new AmqpSenderOptions()
                        .setCapabilities(List.of(AgentProtocol.QUEUE_CAPABILITY)))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        ar.result().exceptionHandler(err -> senders.remove(address, mine));
                    } else {
                        senders.remove(address, mine);
                    }
                    promise.handle(ar);
                });
        return mine;
    }
}
