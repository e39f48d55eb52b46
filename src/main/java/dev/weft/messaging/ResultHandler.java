package dev.weft.messaging;

import dev.weft.engine.Command;
import dev.weft.engine.ErrorInfo;
import dev.weft.engine.TaskIds.TaskRef;
import dev.weft.messaging.ResultReading.Readable;
import dev.weft.messaging.ResultReading.Rejected;
import dev.weft.messaging.ResultReading.StartNotice;
import dev.weft.runtime.ExecutionNotFoundException;
import dev.weft.runtime.ExecutionRuntime;
import dev.weft.runtime.WrongTenantException;
import dev.weft.runtime.port.DeadLetterStore;
import dev.weft.store.DeadLetter;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * What a result message means. The item says how to settle the message: ACCEPT once what it
 * means is committed, RELEASE when recording failed and the broker must deliver it again.
 * A result that cannot be used is never dropped and never silent: it is kept as a dead letter,
 * and when it names its task, that attempt fails at once with a clear error type, which its
 * retry policy then handles like any other failure and which the execution's history shows.
 */
public class ResultHandler {
    private static final Logger LOG = Logger.getLogger(ResultHandler.class);

    public enum Disposition { ACCEPT, RELEASE }

    /**
     * @param maxResultBytes  the largest result body accepted
     * @param maxDeliveries   a result still not recorded after this many deliveries is a poison message
     * @param maxStoredBytes  how much of a dead letter's body is kept
     * @param deployment      this deployment's id: results of another one are refused loudly
     */
    public record Settings(int maxResultBytes, int maxDeliveries, int maxStoredBytes,
                           java.util.function.Supplier<String> deployment) {
    }

    private final ExecutionRuntime runtime;
    private final DeadLetterStore deadLetters;
    private final InstantSource clock;
    private final Settings settings;
    private final ResultReader reader;

    public ResultHandler(ExecutionRuntime runtime, DeadLetterStore deadLetters, InstantSource clock,
                         Settings settings) {
        this.runtime = runtime;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.settings = settings;
        this.reader = new ResultReader(settings.maxResultBytes());
    }

    /**
     * @param body       the body as text, or null when the message had none
     * @param bodyBytes  the body's size as received
     * @param deliveries how often the broker has delivered this message before
     */
    public Uni<Disposition> handle(String body, long bodyBytes, Map<String, Object> properties, int deliveries) {
        if (deliveries >= settings.maxDeliveries()) {
            // Redelivered this often, it may be poison (it makes the engine fail every time) or it
            // may have met a long database outage. It is still recorded if it can be; only when its
            // decision fails again is it kept instead of cycling forever. A result that failed for
            // want of the database stays in the broker until it is recorded: nothing is lost.
            return handleOnce(body, bodyBytes, properties).onFailure(ResultHandler::isDecisionFailure)
                    .recoverWithUni(e -> keep("not recorded after " + deliveries + " deliveries: "
                            + e.getMessage(), body, bodyBytes, properties, null, ResultReader.namedTask(properties))
                            .replaceWith(Disposition.ACCEPT))
                    .onFailure().recoverWithItem(Disposition.RELEASE);
        }
        return handleOnce(body, bodyBytes, properties).onFailure().recoverWithItem(Disposition.RELEASE);
    }

    private static boolean isDecisionFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof dev.weft.runtime.DecisionFailedException) {
                return true;
            }
        }
        return false;
    }

    /** Handles one delivery; fails (rather than releasing) when the result could not be recorded. */
    private Uni<Disposition> handleOnce(String body, long bodyBytes, Map<String, Object> properties) {
        Object deployment = properties.get(ResultProperties.DEPLOYMENT);
        if (deployment != null && !deployment.toString().equals(settings.deployment().get())) {
            LOG.errorf("a result of deployment %s arrived at deployment %s: two engines with different databases "
                    + "share one results address; give each its own weft.amqp.results-address (or keep the "
                    + "default, which is scoped by deployment)", deployment, settings.deployment().get());
            return keep("result of another deployment (" + deployment + ") on this deployment's results address",
                    body, bodyBytes, properties, null, null)
                    .replaceWith(Disposition.ACCEPT).onFailure().recoverWithItem(Disposition.RELEASE);
        }
        return switch (reader.read(body, bodyBytes, properties)) {
            case Readable ok -> record(ok, body, bodyBytes, properties);
            case StartNotice notice -> started(notice, body, bodyBytes, properties);
            case Rejected bad -> reject(bad, body, bodyBytes, properties);
        };
    }

    /** An agent took a task: recorded when it concerns the current attempt; a notice never fails anything. */
    private Uni<Disposition> started(StartNotice n, String body, long bodyBytes, Map<String, Object> properties) {
        return runtime.submitAs(n.tenant(), n.task().executionId(), new Command.RecordTaskStarted(n.task().stepId(),
                        n.task().attempt(), n.agentId()))
                .replaceWith(Disposition.ACCEPT)
                .onFailure(WrongTenantException.class).recoverWithUni(e -> keep("start notice for another tenant: "
                        + e.getMessage(), body, bodyBytes, properties, n.tenant(), n.task()).replaceWith(Disposition.ACCEPT))
                .onFailure(ExecutionNotFoundException.class).recoverWithUni(e -> keep("start notice for unknown execution "
                        + n.task().executionId(), body, bodyBytes, properties, n.tenant(), n.task())
                        .replaceWith(Disposition.ACCEPT));
    }

    private Uni<Disposition> record(Readable ok, String body, long bodyBytes, Map<String, Object> properties) {
        ResultMessage r = ok.result();
        return runtime.submitAs(ok.tenant(), r.executionId(), toCommand(r))
                .replaceWith(Disposition.ACCEPT)
                .onFailure(WrongTenantException.class).recoverWithUni(e -> reject(new Rejected(
                        ResultReader.WRONG_TENANT, "the result names tenant '" + ok.tenant()
                        + "', which execution " + r.executionId() + " does not belong to",
                        new TaskRef(r.executionId(), r.stepId(), r.attempt()), ok.tenant(), r.agentId()),
                        body, bodyBytes, properties))
                .onFailure(ExecutionNotFoundException.class).recoverWithUni(e ->
                        keep("unknown execution " + r.executionId(), body, bodyBytes, properties, ok.tenant(),
                                new TaskRef(r.executionId(), r.stepId(), r.attempt()))
                                .replaceWith(Disposition.ACCEPT))
                .onFailure().invoke(e -> LOG.warnf("result %s not recorded (%s); released for redelivery",
                        r.taskId(), e.getMessage()));
    }

    /** Kept as a dead letter first; then, when the task is known, its attempt fails with the reason. */
    private Uni<Disposition> reject(Rejected bad, String body, long bodyBytes, Map<String, Object> properties) {
        LOG.warnf("unusable result (%s) for task %s: %s", bad.errorType(), bad.task(), bad.reason());
        return keep(bad.errorType() + ": " + bad.reason(), body, bodyBytes, properties, bad.tenant(), bad.task())
                .chain(id -> bad.task() == null ? Uni.createFrom().item(Disposition.ACCEPT)
                        : runtime.submit(bad.task().executionId(), new Command.RecordTaskResult(bad.task().stepId(),
                                        bad.task().attempt(), bad.agentId(), false, null,
                                        new ErrorInfo(bad.errorType(), bad.reason() + " (kept as dead letter " + id + ")",
                                                true)))
                                .replaceWith(Disposition.ACCEPT)
                                .onFailure(ExecutionNotFoundException.class).recoverWithItem(Disposition.ACCEPT))
                .onFailure().invoke(e -> LOG.warnf("unusable result for task %s not recorded (%s); released",
                        bad.task(), e.getMessage()));
    }

    private Uni<Long> keep(String reason, String body, long bodyBytes, Map<String, Object> properties,
                           String tenant, TaskRef task) {
        LOG.warnf("dead letter: %s", reason);
        String stored = body;
        if (body != null && body.length() > settings.maxStoredBytes()) {
            stored = new String(body.getBytes(StandardCharsets.UTF_8), 0, settings.maxStoredBytes(),
                    StandardCharsets.UTF_8);
        }
        return deadLetters.add(new DeadLetter(clock.instant(), "results", reason, properties, stored, bodyBytes,
                tenant, task == null ? null : task.executionId(), task == null ? null : task.stepId(),
                task == null ? null : task.attempt(), task == null ? null
                : dev.weft.engine.TaskIds.taskId(task.executionId(), task.stepId(), task.attempt())));
    }

    private static Command.RecordTaskResult toCommand(ResultMessage r) {
        boolean ok = "completed".equals(r.status());
        ErrorInfo error = ok ? null : r.error() == null
                ? ErrorInfo.of("agent_error", "the agent reported a failure without details")
                : new ErrorInfo(r.error().type() == null || r.error().type().isBlank() ? "agent_error" : r.error().type(),
                String.valueOf(r.error().message()), r.error().retryable() == null || r.error().retryable());
        return new Command.RecordTaskResult(r.stepId(), r.attempt(), r.agentId(), ok, ok ? r.output() : null, error);
    }
}
