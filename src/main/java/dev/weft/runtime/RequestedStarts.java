package dev.weft.runtime;

import dev.weft.engine.TaskIds;
import dev.weft.runtime.port.DeadLetterStore;
import dev.weft.store.DeadLetter;
import dev.weft.store.Json;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Carries out the workflow starts that decisions asked for — an escalation's workflow, a chained
 * workflow, a child — kept in the outbox until done. A start that can never happen — the workflow
 * does not exist, the input does not fit its schema — is not tried forever: a child's parent step
 * fails with the reason ({@code child_not_started}), any other is kept as a dead letter. Any other
 * failure is tried again.
 */
public class RequestedStarts {
    private static final Logger LOG = Logger.getLogger(RequestedStarts.class);

    private final ExecutionStarts starts;
    private final DeadLetterStore deadLetters;
    private final InstantSource clock;
    private final ChildReports children;

    public RequestedStarts(ExecutionStarts starts, DeadLetterStore deadLetters, InstantSource clock,
                           ChildReports children) {
        this.starts = starts;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.children = children;
    }

    /** The item arrives once the start happened (or was kept as a dead letter); a failure means: try again. */
    public Uni<Void> start(WorkflowStartMessage m) {
        if (m.parent() == null) {
            return startNow(m, null);
        }
        // A parent that stopped waiting before its child started (its cancel found no child to
        // cancel) must not get an orphan: the child starts only while the attempt still waits.
        String childId = TaskIds.childExecutionId(m.parent().taskId());
        return children.stillWaitedFor(m.parent()).chain(waited -> {
            if (waited) {
                return startNow(m, childId);
            }
            LOG.infof("execution %s no longer waits for its child %s (%s): not started", m.startedBy(), childId,
                    m.requestId());
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> startNow(WorkflowStartMessage m, String childId) {
        return starts.start(new ExecutionStarts.StartRequest(m.tenant(), m.workflow(), m.version(), m.input(),
                        m.requestId(), null, childId, m.parent(), dev.weft.engine.RolloutDecision.inherited(m.shadow())))
                .invoke(started -> LOG.infof("execution %s started workflow '%s' (%s): %s", m.startedBy(),
                        m.workflow(), m.requestId(), started.executionId()))
                .replaceWithVoid()
                .onFailure(StartRefusedException.class).recoverWithUni(e -> {
                    LOG.errorf("execution %s could not start workflow '%s': %s", m.startedBy(), m.workflow(),
                            e.getMessage());
                    if (m.parent() != null) {
                        return children.notStarted(m, childId, e.getMessage());
                    }
                    String body = Json.write(m);
                    String source = TaskIds.chainDepth(m.requestId()) > 0 ? "chain" : "escalation";
                    return deadLetters.add(new DeadLetter(clock.instant(), source, "workflow '" + m.workflow()
                                    + "' could not be started: " + e.getMessage(), Map.of(), body,
                                    body.getBytes(StandardCharsets.UTF_8).length, m.tenant(), m.startedBy(), null,
                                    null, null))
                            .replaceWithVoid();
                });
    }
}
