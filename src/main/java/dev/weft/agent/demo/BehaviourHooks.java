package dev.weft.agent.demo;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.weft.agent.AgentProtocol;
import dev.weft.agent.WireHooks;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * The wire hooks of a demo agent process: its optional {@link DeliveryLog} and its
 * {@link AgentBehaviour}. Every fault is deterministic (counted, not random), so a test knows
 * exactly what it asked for: the crash comes on the N-th task received, garbage on every N-th
 * result, alternating an unreadable body and an unknown status.
 */
public final class BehaviourHooks implements WireHooks {
    /** Exit status of a process halted by {@link AgentBehaviour#CRASH_AFTER_RECEIVE}. */
    public static final int CRASH_EXIT_STATUS = 3;
    public static final String GARBAGE_BODY = "garbage-body";
    public static final String GARBAGE_STATUS = "garbage-status";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgentBehaviour behaviour;
    private final int every;
    private final DeliveryLog log;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger results = new AtomicInteger();

    /**
     * @param every for CRASH_AFTER_RECEIVE the task that triggers the crash (1 = the first); for
     *              GARBAGE how often a result is garbage (3 = every third); ignored otherwise
     * @param log   null for none
     */
    public BehaviourHooks(AgentBehaviour behaviour, int every, DeliveryLog log) {
        if (every < 1) {
            throw new IllegalArgumentException("the fault period must be at least 1, but got " + every);
        }
        this.behaviour = behaviour;
        this.every = every;
        this.log = log;
    }

    @Override
    public void taskReceived(String taskId, int attempt) {
        if (log != null) {
            log.received(taskId, attempt);
        }
        if (behaviour == AgentBehaviour.CRASH_AFTER_RECEIVE && received.incrementAndGet() == every) {
            // halt, not exit: no shutdown hook, no clean disconnect, the tasks in hand stay unsettled.
            Runtime.getRuntime().halt(CRASH_EXIT_STATUS);
        }
    }

    @Override
    public Future<Void> sendResult(OutgoingResult result, Function<AmqpMessage, Future<Void>> send) {
        return switch (behaviour) {
            case NORMAL, CRASH_AFTER_RECEIVE -> sendLogged(result, result.message(), result.result().status(), send);
            case DOUBLE -> sendLogged(result, result.message(), result.result().status(), send)
                    .compose(v -> sendLogged(result, result.message(), result.result().status(), send));
            case GARBAGE -> {
                int n = results.incrementAndGet();
                if (n % every != 0) {
                    yield sendLogged(result, result.message(), result.result().status(), send);
                }
                boolean body = (n / every) % 2 == 1;
                yield sendLogged(result, body ? unreadableBody(result) : unknownStatus(result),
                        body ? GARBAGE_BODY : GARBAGE_STATUS, send);
            }
        };
    }

    private Future<Void> sendLogged(OutgoingResult result, AmqpMessage message, String outcome,
                                    Function<AmqpMessage, Future<Void>> send) {
        return send.apply(message).onSuccess(v -> {
            if (log != null) {
                log.sent(result.taskId(), result.attempt(), outcome);
            }
        });
    }

    /** What a buggy agent sends when it writes half a document: the properties still name the task. */
    private static AmqpMessage unreadableBody(OutgoingResult result) {
        String truncated = "{\"taskId\":\"" + result.taskId() + "\",\"status\":\"compl";
        return withBody(result.message(), truncated.getBytes(StandardCharsets.UTF_8));
    }

    /** A well-formed result whose status is neither completed nor failed. */
    private static AmqpMessage unknownStatus(OutgoingResult result) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(result.message().bodyAsBinary().getBytes());
            body.put("status", "finished-probably");
            return withBody(result.message(), JSON.writeValueAsBytes(body));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot rewrite the result of " + result.taskId(), e);
        }
    }

    private static AmqpMessage withBody(AmqpMessage original, byte[] body) {
        return AmqpMessage.create()
                .durable(true)
                .correlationId(original.correlationId())
                .contentType(AgentProtocol.CONTENT_TYPE_JSON)
                .applicationProperties(original.applicationProperties())
                .withBufferAsBody(Buffer.buffer(body))
                .build();
    }
}
