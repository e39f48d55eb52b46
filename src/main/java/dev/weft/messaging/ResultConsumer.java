package dev.weft.messaging;

import dev.weft.engine.Command;
import dev.weft.engine.ErrorInfo;
import dev.weft.runtime.ExecutionNotFoundException;
import dev.weft.runtime.ExecutionRuntime;
import dev.weft.store.Json;
import dev.weft.store.PgDeadLetterStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes agents' results. A result is acknowledged only after the engine has committed what it
 * means; if that fails the message is released for redelivery. A message that cannot be
 * understood is stored as a dead letter with the reason and then acknowledged: never dropped.
 */
@ApplicationScoped
public class ResultConsumer {
    private static final Logger LOG = Logger.getLogger(ResultConsumer.class);

    @Inject
    ExecutionRuntime runtime;
    @Inject
    PgDeadLetterStore deadLetters;
    @Inject
    InstantSource clock;

    @Incoming("results")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onResult(Message<Object> message) {
        // Returns at once so many results are in flight; the message is settled when its commit is.
        handle(message).subscribe().with(ok -> { }, e -> LOG.error("result handling failed", e));
        return CompletableFuture.completedFuture(null);
    }

    Uni<Void> handle(Message<Object> message) {
        String body = IncomingBodies.text(message.getPayload());
        Map<String, Object> properties = properties(message);
        ResultMessage result;
        try {
            result = Json.read(body, ResultMessage.class);
        } catch (RuntimeException e) {
            return deadLetter(message, "unreadable result body: " + e.getMessage(), properties, body);
        }
        String missing = missingField(result);
        if (missing != null) {
            return deadLetter(message, "result lacks field '" + missing + "'", properties, body);
        }
        Command.RecordTaskResult command = toCommand(result);
        Object tenant = properties.get("weft-tenant");
        return runtime.state(result.executionId())
                .chain(state -> {
                    if (tenant != null && !tenant.equals(state.tenant())) {
                        return deadLetter(message, "result for execution " + result.executionId()
                                + " of another tenant: " + tenant, properties, body);
                    }
                    return runtime.submit(result.executionId(), command)
                            .chain(() -> Uni.createFrom().completionStage(message.ack()));
                })
                .onFailure(ExecutionNotFoundException.class).recoverWithUni(e ->
                        deadLetter(message, "unknown execution " + result.executionId(), properties, body))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("result %s not recorded (%s); released for redelivery", result.taskId(), e.getMessage());
                    return Uni.createFrom().completionStage(message.nack(e));
                });
    }

    private static Command.RecordTaskResult toCommand(ResultMessage r) {
        boolean ok = "completed".equals(r.status());
        ErrorInfo error = ok ? null : r.error() == null
                ? ErrorInfo.of("agent_error", "the agent reported a failure without details")
                : new ErrorInfo(r.error().type() == null ? "agent_error" : r.error().type(),
                String.valueOf(r.error().message()), r.error().retryable() == null || r.error().retryable());
        return new Command.RecordTaskResult(r.stepId(), r.attempt(), r.agentId(), ok, ok ? r.output() : null, error);
    }

    private static String missingField(ResultMessage r) {
        if (r == null) {
            return "body";
        }
        if (r.executionId() == null) {
            return "executionId";
        }
        if (r.stepId() == null) {
            return "stepId";
        }
        if (r.attempt() == null) {
            return "attempt";
        }
        if (!"completed".equals(r.status()) && !"failed".equals(r.status())) {
            return "status (completed|failed)";
        }
        return null;
    }

    private Uni<Void> deadLetter(Message<Object> message, String reason, Map<String, Object> properties,
                                 String body) {
        LOG.warnf("dead letter: %s", reason);
        return deadLetters.add(clock.instant(), "results", reason, properties, body)
                .chain(() -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(e -> Uni.createFrom().completionStage(message.nack(e)));
    }

    private static Map<String, Object> properties(Message<Object> message) {
        Map<String, Object> props = new HashMap<>();
        message.getMetadata(IncomingAmqpMetadata.class).ifPresent(m -> {
            if (m.getProperties() != null) {
                props.putAll(m.getProperties().getMap());
            }
            if (m.getCorrelationId() != null) {
                props.put("correlation-id", m.getCorrelationId());
            }
        });
        return props;
    }
}
