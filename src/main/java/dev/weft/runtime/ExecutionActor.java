package dev.weft.runtime;

import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.Command;
import dev.weft.engine.ExecutionState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The mailbox of one live execution: commands queue here and are decided one batch at a time,
 * so an execution never has two decisions in flight. The state is a cache of the committed
 * events; it only moves forward after a commit.
 */
final class ExecutionActor {

    /**
     * One queued command; {@code timerId} is set when it comes from a stored timer. A null command
     * is a read: it completes with the state once everything queued before it has committed.
     */
    record Work(Command command, String timerId, CompletableFuture<ExecutionState> done) {
        boolean isRead() {
            return command == null;
        }
    }

    final String executionId;
    final WorkflowDefinition definition;
    private ExecutionState state;
    private final ArrayDeque<Work> inbox = new ArrayDeque<>();
    private boolean busy;
    private boolean retired;

    ExecutionActor(String executionId, WorkflowDefinition definition, ExecutionState state) {
        this.executionId = executionId;
        this.definition = definition;
        this.state = state;
    }

    synchronized ExecutionState state() {
        return state;
    }

    synchronized void committed(ExecutionState next) {
        state = next;
    }

    enum Offer {
        /** Queued, and the caller must drain: nobody else is. */
        DRAIN,
        /** Queued behind a decision in flight; its drainer will take it. */
        QUEUED,
        /** Not queued: this actor is retired, load the execution afresh. */
        RETIRED
    }

    synchronized Offer offer(Work work) {
        if (retired) {
            return Offer.RETIRED;
        }
        inbox.add(work);
        if (busy) {
            return Offer.QUEUED;
        }
        busy = true;
        return Offer.DRAIN;
    }

    /** Nothing queued and no decision in flight. */
    synchronized boolean isIdle() {
        return !busy && inbox.isEmpty();
    }

    synchronized boolean isRetired() {
        return retired;
    }

    /** Everything queued so far, as one batch for one decision. */
    synchronized List<Work> takeAll() {
        List<Work> batch = new ArrayList<>(inbox);
        inbox.clear();
        return batch;
    }

    /** After a batch: true when more work arrived meanwhile and the caller must drain again. */
    synchronized boolean release() {
        if (inbox.isEmpty()) {
            busy = false;
            return false;
        }
        return true;
    }

    /**
     * Stops taking work for good (its state may be behind the store) and hands back what was
     * still queued, so the caller can route it to a freshly loaded actor.
     */
    synchronized List<Work> retire() {
        retired = true;
        busy = false;
        List<Work> queued = new ArrayList<>(inbox);
        inbox.clear();
        return queued;
    }

    /**
     * Stops taking work once the execution ended with nothing queued, so memory holds only
     * live executions; a later command loads the execution afresh from its events.
     */
    synchronized boolean retireIfIdle() {
        if (inbox.isEmpty() && state.isTerminal()) {
            retired = true;
            busy = false;
            return true;
        }
        return false;
    }
}
