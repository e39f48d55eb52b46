package dev.weft.messaging.broker;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.amqp.AmqpSenderOptions;
import io.vertx.core.Vertx;

/**
 * A plain AMQP 1.0 client for tests, playing "the engine" or "some other producer": it talks to
 * the broker over TCP exactly as an external process would. All links use capability {@code queue}.
 */
public final class AmqpTestClient implements AutoCloseable {

    private static final long TIMEOUT_S = 10;

    private final Vertx vertx;
    private final AmqpClient client;
    private final AmqpConnection connection;

    public AmqpTestClient(String host, int port) throws Exception {
        this.vertx = Vertx.vertx();
        this.client = AmqpClient.create(vertx, new AmqpClientOptions().setHost(host).setPort(port));
        this.connection = client.connect().toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** Sends and waits until the broker has accepted (i.e. durably stored) the message. */
    public void send(String address, AmqpMessage message) throws Exception {
        connection.createSender(address, new AmqpSenderOptions().setCapabilities(List.of("queue")))
                .compose(sender -> sender.sendWithAck(message).eventually(() -> sender.close()))
                .toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** Opens an auto-accepting receiver whose messages land in the returned queue. */
    public LinkedBlockingQueue<AmqpMessage> subscribe(String address) throws Exception {
        LinkedBlockingQueue<AmqpMessage> inbox = new LinkedBlockingQueue<>();
        AmqpReceiver receiver = connection.createReceiver(address, new AmqpReceiverOptions()
                        .setCapabilities(List.of("queue")).setAutoAcknowledgement(true))
                .toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
        receiver.handler(inbox::add);
        return inbox;
    }

    /** Opens an auto-accepting receiver that hands every message to {@code consumer}. */
    public void subscribe(String address, Consumer<AmqpMessage> consumer) throws Exception {
        AmqpReceiver receiver = connection.createReceiver(address, new AmqpReceiverOptions()
                        .setCapabilities(List.of("queue")).setAutoAcknowledgement(true))
                .toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
        receiver.handler(consumer::accept);
    }

    /** Receives one message from {@code address}, or fails after the timeout. */
    public AmqpMessage receiveOne(String address) throws Exception {
        CompletableFuture<AmqpMessage> first = new CompletableFuture<>();
        AmqpReceiver receiver = connection.createReceiver(address, new AmqpReceiverOptions()
                        .setCapabilities(List.of("queue")).setAutoAcknowledgement(false).setMaxBufferedMessages(1))
                .toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
        receiver.handler(msg -> {
            if (first.complete(msg)) {
                msg.accepted();
            } else {
                msg.released();
            }
        });
        try {
            return first.get(TIMEOUT_S, TimeUnit.SECONDS);
        } finally {
            receiver.close().toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
    }

    public static AmqpMessage poll(LinkedBlockingQueue<AmqpMessage> inbox) throws InterruptedException {
        AmqpMessage msg = inbox.poll(TIMEOUT_S, TimeUnit.SECONDS);
        if (msg == null) {
            throw new AssertionError("no message within " + TIMEOUT_S + "s");
        }
        return msg;
    }

    @Override
    public void close() throws Exception {
        try {
            client.close().toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
    }
}
