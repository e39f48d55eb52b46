package dev.weft.agent;

import java.util.function.Function;

import io.vertx.amqp.AmqpMessage;
import io.vertx.core.Future;

/**
 * Optional hooks into an {@link AgentRunner}'s traffic: to observe every task delivery and every
 * result the broker accepted (an agent's own delivery log), and, for fault-injection agents that
 * misbehave on purpose, to change what goes on the wire for a result. The defaults observe nothing
 * and send each result once, as encoded. The acknowledgement rule stays the runner's: a task is
 * accepted only after the future returned by {@link #sendResult} succeeded, and handed back to the
 * broker when it failed.
 */
public interface WireHooks {

    /** Observes nothing, sends each result once. */
    WireHooks NONE = new WireHooks() {
    };

    /**
     * A task delivery arrived and could be identified. Called on the connection's event loop before
     * the handler runs, also for deliveries whose deadline has passed or whose body is unreadable.
     */
    default void taskReceived(String taskId, int attempt) {
    }

    /**
     * Puts the result of one task on the wire.
     *
     * @param send sends one message to the task's reply-to address; completes when the broker accepted it
     */
    default Future<Void> sendResult(OutgoingResult result, Function<AmqpMessage, Future<Void>> send) {
        return send.apply(result.message());
    }

    /**
     * @param result  what the runner reports (after its own fallbacks, e.g. an unserialisable output)
     * @param message that result encoded per the protocol, ready to send
     */
    record OutgoingResult(String taskId, int attempt, TaskResult result, AmqpMessage message) {
    }
}
