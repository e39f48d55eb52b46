package dev.weft.runtime;

import dev.weft.definition.InputValidator;
import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.Command;
import dev.weft.engine.ParentLink;
import dev.weft.engine.RolloutDecision;
import dev.weft.runtime.StartRefusedException.Reason;
import dev.weft.runtime.port.DefinitionLookup;
import dev.weft.runtime.port.ExecutionLookup;
import dev.weft.runtime.port.RolloutGate;
import dev.weft.store.ExecutionRow;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Starting an execution, for the API and for the engine's own starts (escalations): pin the
 * version, check the input against the workflow's schema, make a request id idempotent — the same
 * request returns its first execution, another request under the same id is refused — and report
 * an execution whose COMMIT went through even when the reply to it was lost. A start from outside
 * passes the rollout flag ({@link RolloutGate}, ADR 0015), which may refuse it or run it in shadow;
 * a start another execution asked for runs as its starter does.
 */
public class ExecutionStarts {

    /**
     * @param version     0 for the latest
     * @param requestId   makes the start idempotent, or null
     * @param traceparent the trace every task of the execution continues, or null
     * @param executionId the id to give it, or null for a new one (a child's is derived from its parent's task)
     * @param parent      for a child execution, the parent step's attempt it runs as; else null
     * @param inherited   for a start another execution asked for (a child, a chain, an escalation): shadow or
     *                    live as its starter, whatever the rollout flag says now; null for a start from outside,
     *                    which the flag decides (ADR 0015)
     */
    public record StartRequest(String tenant, String workflow, int version, Map<String, Object> input,
                               String requestId, String traceparent, String executionId, ParentLink parent,
                               RolloutDecision inherited) {

        /** A start from outside: the rollout flag decides. */
        public StartRequest(String tenant, String workflow, int version, Map<String, Object> input,
                            String requestId, String traceparent) {
            this(tenant, workflow, version, input, requestId, traceparent, null, null, null);
        }
    }

    /** @param created false when the request id named an execution that already existed */
    public record Started(String executionId, int version, boolean created) {
    }

    private final ExecutionRuntime runtime;
    private final DefinitionLookup definitions;
    private final ExecutionLookup executions;
    private final Supplier<String> ids;
    private final RolloutGate rollout;
    private final InputValidator inputs = new InputValidator();

    /** Every start live, as without a rollout flag. */
    public ExecutionStarts(ExecutionRuntime runtime, DefinitionLookup definitions, ExecutionLookup executions,
                           Supplier<String> ids) {
        this(runtime, definitions, executions, ids, RolloutGate.ALL_LIVE);
    }

    /** @param ids new execution ids (random UUIDs in production) */
    public ExecutionStarts(ExecutionRuntime runtime, DefinitionLookup definitions, ExecutionLookup executions,
                           Supplier<String> ids, RolloutGate rollout) {
        this.runtime = runtime;
        this.definitions = definitions;
        this.executions = executions;
        this.ids = ids;
        this.rollout = rollout;
    }

    public Uni<Started> start(StartRequest r) {
        String fingerprint = r.requestId() == null ? null
                : RequestFingerprint.of(r.workflow(), r.version(), r.input());
        Uni<Started> fresh = Uni.createFrom().deferred(() -> startNew(r, fingerprint));
        if (r.requestId() == null) {
            return fresh;
        }
        return executions.findByRequestId(r.tenant(), r.requestId()).chain(existing -> existing.isPresent()
                ? sameRequest(existing.get(), r.requestId(), fingerprint)
                : fresh.onFailure(ExecutionStarts::isDuplicateRequest).recoverWithUni(() ->
                        executions.findByRequestId(r.tenant(), r.requestId())
                                .chain(again -> sameRequest(again.orElseThrow(), r.requestId(), fingerprint))));
    }

    /** The execution a request id names, if the same request started it; otherwise refused. */
    private static Uni<Started> sameRequest(ExecutionRow row, String requestId, String fingerprint) {
        // Rows written before fingerprints existed have none: they match as before.
        if (row.requestFingerprint() != null && !row.requestFingerprint().equals(fingerprint)) {
            return Uni.createFrom().failure(new StartRefusedException(Reason.REQUEST_ID_REUSED, "request_id: '"
                    + requestId + "' already started execution " + row.id() + " of workflow '" + row.workflow()
                    + "' with another workflow, version or input; a retry must repeat the request exactly, "
                    + "a new request needs a new request_id"));
        }
        return Uni.createFrom().item(new Started(row.id(), row.version(), false));
    }

    private Uni<Started> startNew(StartRequest r, String fingerprint) {
        return definitions.forStart(r.tenant(), r.workflow(), r.version()).chain(found -> {
            if (found == null) {
                return Uni.createFrom().failure(new StartRefusedException(Reason.NOT_FOUND, r.version() == 0
                        ? "workflow: no workflow '" + r.workflow() + "'"
                        : "version: workflow '" + r.workflow() + "' has no version " + r.version()));
            }
            List<String> problems = inputs.validate(found, r.input());
            if (!problems.isEmpty()) {
                return Uni.createFrom().failure(new StartRefusedException(Reason.INVALID_INPUT,
                        String.join("; ", problems)));
            }
            String id = r.executionId() != null ? r.executionId() : ids.get();
            Uni<RolloutDecision> decision = r.inherited() != null ? Uni.createFrom().item(r.inherited())
                    : rollout.admit(r.tenant(), found, r.requestId() != null ? r.requestId() : id);
            return decision.chain(d -> run(found, r, fingerprint, id, d));
        });
    }

    private Uni<Started> run(WorkflowDefinition definition, StartRequest r, String fingerprint, String id,
                             RolloutDecision decision) {
        return runtime.start(definition, new Command.StartExecution(id, r.tenant(), r.input(), r.requestId(),
                        r.traceparent(), fingerprint, r.parent(), decision))
                .map(state -> new Started(id, state.version(), true))
                .onFailure(e -> !isDuplicateRequest(e)).recoverWithUni(failure -> committedAnyway(id, failure));
    }

    /**
     * The commit may have happened though its reply was lost (a connection dropped after COMMIT):
     * then the execution exists and runs, and the caller must hear so, not an error.
     */
    private Uni<Started> committedAnyway(String id, Throwable failure) {
        return executions.find(id).onFailure().recoverWithItem(Optional.empty()).chain(row -> row.isPresent()
                ? Uni.createFrom().item(new Started(id, row.get().version(), true))
                : Uni.createFrom().failure(failure));
    }

    private static boolean isDuplicateRequest(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (String.valueOf(c.getMessage()).contains("executions_request_id")) {
                return true;
            }
        }
        return false;
    }
}
