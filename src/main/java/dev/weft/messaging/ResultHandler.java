package dev.weft.messaging;

import dev.weft.engine.Command;
import dev.weft.engine.ErrorInfo;
import dev.weft.runtime.ExecutionNotFoundException;
import dev.weft.runtime.ExecutionRuntime;
import dev.weft.runtime.WrongTenantException;
import dev.weft.store.Json;
import dev.weft.store.PgDeadLetterStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.InstantSource;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * What a result message means. The item says how to settle the message: ACCEPT once the
 * result is committed (or stored as a dead letter, when it cannot be understood), RELEASE when
 * recording failed and the broker must deliver it again.
 */
@ApplicationScoped
public class ResultHandler {
    private static final Logger LOG = Logger.getLogger(ResultHandler.class);

    public enum Disposition { ACCEPT, RELEASE }

    @Inject
    ExecutionRuntime runtime;
    @Inject
    PgDeadLetterStore deadLetters;
    @Inject
    InstantSource clock;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "weft.limits.max-result-bytes", defaultValue = "1048576")
    int maxResultBytes;

    public Uni<Disposition> handle(String body, Map<String, Object> properties) {
        ResultMessage result;
        try {
            result = Json.read(body, ResultMessage.class);
        } catch (RuntimeException e) {
            return deadLetter("unreadable result body: " + e.getMessage(), properties, body);
        }
        String missing = missingField(result);
        if (missing != null) {
            return deadLetter("result lacks field '" + missing + "'", properties, body);
        }
        Command.RecordTaskResult command = toCommand(result);
        if (body.length() > maxResultBytes) {
            // Recorded as the attempt's failure, so the step's retry policy and on_error decide.
            command = new Command.RecordTaskResult(result.stepId(), result.attempt(), result.agentId(), false, null,
                    new ErrorInfo("result_too_large", "the result has " + body.length() + " bytes; at most "
                            + maxResultBytes + " are accepted", false));
        }
        Object tenant = properties.get("weft-tenant");
        return runtime.submitAs(tenant == null ? null : tenant.toString(), result.executionId(), command)
                .replaceWith(Disposition.ACCEPT)
                .onFailure(WrongTenantException.class).recoverWithUni(e ->
                        deadLetter("result for another tenant: " + e.getMessage(), properties, body))
                .onFailure(ExecutionNotFoundException.class).recoverWithUni(e ->
                        deadLetter("unknown execution " + result.executionId(), properties, body))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("result %s not recorded (%s); released for redelivery", result.taskId(), e.getMessage());
                    return Disposition.RELEASE;
                });
    }

    /**
     * A result delivered this often failed every time (e.g. it makes the engine fail): keep it
     * as a dead letter with the reason instead of cycling it through the broker forever.
     */
    public Uni<Disposition> giveUp(String body, Map<String, Object> properties, int deliveries) {
        return deadLetter("not recorded after " + deliveries + " deliveries", properties, body);
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
        if (r.executionId() == null || r.executionId().isBlank()) {
            return "executionId";
        }
        if (r.stepId() == null || r.stepId().isBlank()) {
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

    private Uni<Disposition> deadLetter(String reason, Map<String, Object> properties, String body) {
        LOG.warnf("dead letter: %s", reason);
        return deadLetters.add(clock.instant(), "results", reason, properties, body)
                .replaceWith(Disposition.ACCEPT)
                .onFailure().recoverWithItem(Disposition.RELEASE);
    }
}
