package dev.weft.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.amqp.AmqpSender;
import io.vertx.amqp.AmqpSenderOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Hosts {@link AgentHandler}s as a Weft agent over AMQP 1.0, exactly like an agent written in any
 * other language would (docs/agent-protocol.md): it consumes {@code weft.tasks.<capability>},
 * replies to each task's reply-to address and heartbeats on {@code weft.agents.heartbeat}.
 *
 * <pre>{@code
 * try (AgentRunner runner = AgentRunner.builder(AgentOptions.of("127.0.0.1", 61616, "my-agent"))
 *         .handler("echo", task -> CompletableFuture.completedFuture(task.input()))
 *         .build()
 *         .startAndWait(Duration.ofSeconds(10))) {
 *     ...
 * }
 * }</pre>
 *
 * A lost connection is re-established with a capped backoff; tasks that were in flight are
 * redelivered by the broker. {@link #close()} blocks and must not be called on an event loop.
 */
public final class AgentRunner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AgentRunner.class);
    private static final long MAX_RECONNECT_DELAY_MS = 5_000;

    private final AgentOptions options;
    private final Map<String, AgentHandler> handlers;
    private final WireHooks hooks;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final AmqpClient client;
    private volatile AmqpConnection connection;
    private volatile TaskDispatcher dispatcher;
    private volatile AmqpSender heartbeats;
    private volatile boolean closed;
    private volatile long heartbeatTimer = -1;
    private long reconnectDelayMs = 500;

    private AgentRunner(AgentOptions options, Map<String, AgentHandler> handlers, WireHooks hooks, Vertx vertx) {
        this.options = options;
        this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
        this.hooks = hooks;
        this.ownsVertx = vertx == null;
        this.vertx = vertx != null ? vertx : Vertx.vertx();
        AmqpClientOptions clientOptions = new AmqpClientOptions()
                .setHost(options.host())
                .setPort(options.port())
                .setContainerId(options.agentId())
                .setConnectTimeout(5_000);
        if (options.username() != null) {
            clientOptions.setUsername(options.username()).setPassword(options.password());
        }
        this.client = AmqpClient.create(this.vertx, clientOptions);
    }

    public static Builder builder(AgentOptions options) {
        return new Builder(options);
    }

    public String agentId() {
        return options.agentId();
    }

    public List<String> capabilities() {
        return List.copyOf(handlers.keySet());
    }

    public boolean isConnected() {
        AmqpConnection current = connection;
        return current != null && !current.isDisconnected();
    }

    /** Connects, attaches one receiver per capability and sends the first heartbeat. */
    public CompletionStage<AgentRunner> start() {
        return connect().map(v -> {
            long periodMs = options.heartbeatInterval().toMillis();
            heartbeatTimer = vertx.setPeriodic(periodMs, id -> sendHeartbeat(AgentProtocol.HEARTBEAT_ALIVE));
            return this;
        }).toCompletionStage();
    }

    public AgentRunner startAndWait(Duration timeout) {
        try {
            return start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting agent " + agentId(), e);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("agent " + agentId() + " could not start on "
                    + options.host() + ":" + options.port(), e);
        }
    }

    private Future<Void> connect() {
        return client.connect().compose(conn -> {
            connection = conn;
            conn.exceptionHandler(err -> onConnectionLost(conn, err));
            TaskDispatcher current = new TaskDispatcher(vertx, options, new ResultSenders(conn), hooks);
            dispatcher = current;
            List<Future<?>> links = new ArrayList<>();
            handlers.forEach((capability, handler) -> links.add(conn.createReceiver(
                            AgentProtocol.taskAddress(capability), new AmqpReceiverOptions()
                                    .setLinkName(options.agentId() + ":" + capability)
                                    .setCapabilities(List.of(AgentProtocol.QUEUE_CAPABILITY))
                                    .setAutoAcknowledgement(false)
                                    .setMaxBufferedMessages(options.prefetch()))
                    .onSuccess(receiver -> current.consume(receiver, handler))));
            links.add(conn.createSender(AgentProtocol.HEARTBEAT_ADDRESS, new AmqpSenderOptions()
                            .setCapabilities(List.of(AgentProtocol.QUEUE_CAPABILITY)))
                    .onSuccess(sender -> heartbeats = sender));
            return Future.all(links);
        }).map(all -> {
            reconnectDelayMs = 500;
            LOG.infof("agent %s connected to %s:%d with capabilities %s", agentId(), options.host(), options.port(),
                    handlers.keySet());
            sendHeartbeat(AgentProtocol.HEARTBEAT_ALIVE);
            return null;
        });
    }

    private void onConnectionLost(AmqpConnection lost, Throwable err) {
        if (closed || lost != connection) {
            return;
        }
        LOG.warnf("agent %s lost its broker connection (%s); reconnecting", agentId(), err.getMessage());
        heartbeats = null;
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        long delay = reconnectDelayMs;
        reconnectDelayMs = Math.min(MAX_RECONNECT_DELAY_MS, reconnectDelayMs * 2);
        vertx.setTimer(delay, id -> {
            if (!closed) {
                connect().onFailure(err -> {
                    LOG.debugf("agent %s reconnect failed: %s", agentId(), err.getMessage());
                    scheduleReconnect();
                });
            }
        });
    }

    private Future<Void> sendHeartbeat(String status) {
        AmqpSender sender = heartbeats;
        if (sender == null) {
            return Future.failedFuture("not connected");
        }
        int interval = (int) options.heartbeatInterval().toSeconds();
        return sender.sendWithAck(AmqpTaskCodec.encodeHeartbeat(agentId(), capabilities(), interval, status))
                .onFailure(err -> LOG.debugf("heartbeat of %s not sent: %s", agentId(), err.getMessage()));
    }

    /**
     * Stops taking tasks, lets in-flight ones finish (up to the shutdown grace), announces
     * {@code stopping} and disconnects. Unfinished tasks are redelivered by the broker.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        TaskDispatcher current = dispatcher;
        if (current != null) {
            current.drain(options.shutdownGrace());
        }
        await(sendHeartbeat(AgentProtocol.HEARTBEAT_STOPPING));
        await(client.close());
        if (ownsVertx) {
            await(vertx.close());
        }
        LOG.infof("agent %s stopped", agentId());
    }

    private static void await(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debugf("ignored during agent shutdown: %s", e.getMessage());
        }
    }

    /** Collects handlers by capability; one runner may serve several capabilities. */
    public static final class Builder {
        private final AgentOptions options;
        private final Map<String, AgentHandler> handlers = new LinkedHashMap<>();
        private WireHooks hooks = WireHooks.NONE;
        private Vertx vertx;

        private Builder(AgentOptions options) {
            this.options = Objects.requireNonNull(options, "options");
        }

        public Builder handler(String capability, AgentHandler handler) {
            if (capability == null || capability.isBlank() || handlers.containsKey(capability)) {
                throw new IllegalArgumentException("capability missing or registered twice: " + capability);
            }
            handlers.put(capability, Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** Observes deliveries and results, or changes what is sent (fault injection); none by default. */
        public Builder hooks(WireHooks value) {
            this.hooks = Objects.requireNonNull(value, "hooks");
            return this;
        }

        /** Shares an existing Vert.x instance (not closed by the runner); by default the runner owns one. */
        public Builder vertx(Vertx value) {
            this.vertx = value;
            return this;
        }

        public AgentRunner build() {
            if (handlers.isEmpty()) {
                throw new IllegalStateException("an agent needs at least one handler");
            }
            return new AgentRunner(options, handlers, hooks, vertx);
        }
    }
}
