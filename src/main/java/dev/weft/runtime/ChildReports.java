package dev.weft.runtime;

import dev.weft.engine.Command;
import dev.weft.engine.ErrorInfo;
import dev.weft.engine.ParentLink;
import dev.weft.engine.TaskIds;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Hands a child's end to its parent (ADR 0009) as the result of the parent step's attempt the child
 * ran as, on whichever replica this runs: any replica may decide any execution. A parent that is
 * gone (purged) has nobody to tell; any other failure leaves the report in the outbox to try again.
 */
public class ChildReports {
    private static final Logger LOG = Logger.getLogger(ChildReports.class);
    static final String CHILD_NOT_STARTED = "child_not_started";

    private final ExecutionRuntime runtime;

    public ChildReports(ExecutionRuntime runtime) {
        this.runtime = runtime;
    }

    public Uni<Void> report(ChildEndMessage m) {
        var task = TaskIds.parse(m.parentTaskId()).orElseThrow(() -> new IllegalArgumentException(
                "Expected a task id as the parent of child " + m.childExecutionId() + ", but got '"
                        + m.parentTaskId() + "'"));
        return runtime.submit(m.parentExecutionId(), new Command.RecordTaskResult(task.stepId(), task.attempt(),
                        TaskIds.childAgentId(m.childExecutionId()), m.succeeded(), m.succeeded() ? m.output() : null,
                        m.succeeded() ? null : m.error()))
                .replaceWithVoid()
                .onFailure(ExecutionNotFoundException.class).recoverWithItem(e -> {
                    LOG.warnf("child %s ended, but its parent %s does not exist", m.childExecutionId(),
                            m.parentExecutionId());
                    return null;
                });
    }

    /** Whether the parent's attempt still waits for its child (false once it moved on, or when the parent is gone). */
    public Uni<Boolean> stillWaitedFor(ParentLink parent) {
        var task = TaskIds.parse(parent.taskId()).orElseThrow(() -> new IllegalArgumentException(
                "Expected a task id as the parent link, but got '" + parent.taskId() + "'"));
        // This replica's copy of the parent may predate the ChildStarted another replica committed
        // (the outbox row was written with it): a "no" from the cache is checked against the store.
        return runtime.state(parent.executionId())
                .chain(cached -> waits(cached, task.stepId(), parent) ? Uni.createFrom().item(true)
                        : runtime.stored(parent.executionId()).map(stored -> waits(stored, task.stepId(), parent)))
                .onFailure(ExecutionNotFoundException.class).recoverWithItem(false);
    }

    private static boolean waits(dev.weft.engine.ExecutionState state, String instance, ParentLink parent) {
        var step = state.steps().get(instance);
        return !state.isTerminal() && step != null && step.status() == dev.weft.engine.StepStatus.RUNNING
                && parent.taskId().equals(step.taskId());
    }

    /** A child that can never start (its workflow does not exist, its input does not fit): the attempt fails for good. */
    public Uni<Void> notStarted(WorkflowStartMessage m, String childExecutionId, String why) {
        return report(new ChildEndMessage(m.parent().executionId(), m.parent().taskId(), childExecutionId, false,
                null, new ErrorInfo(CHILD_NOT_STARTED, "workflow '" + m.workflow() + "' could not be started as a "
                + "child: " + why, false)));
    }
}
