package dev.weft.runtime;

import dev.weft.engine.CommandRejectedException;
import dev.weft.engine.Decider;
import dev.weft.engine.Decision;
import dev.weft.engine.DispatchGate;
import dev.weft.engine.Effect;
import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.ExecutionState;
import dev.weft.runtime.port.CommitStore;
import dev.weft.store.CommitRequest;
import dev.weft.store.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * Decides everything queued for one execution as one batch, commits it, and only after the
 * commit moves the cached state forward, completes the callers and tells the listeners. A batch
 * whose commit fails leaves the cached state as it was and marks the actor stale, so the next
 * command reloads the execution from the store.
 */
public final class BatchProcessor {
    private static final Logger LOG = Logger.getLogger(BatchProcessor.class);

    private final Decider decider;
    private final InstantSource clock;
    private final CommitStore store;
    private final EffectPlanner planner;
    private final ChangeBroadcaster broadcaster;
    private final Duration outboxClaim;
    private final DispatchGate gate;
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private Owner owner;

    /** The runtime that routes commands to actors: told when an actor must not decide any more. */
    interface Owner {
        /** The actor's cached state may be behind the store: route later commands to a fresh load. */
        void forget(ExecutionActor actor);

        /** Work that was queued on a forgotten actor: route it afresh. */
        void resubmit(String executionId, ExecutionActor.Work work);
    }

    /**
     * @param outboxClaim how long the committing replica holds its new outbox rows for its own send
     * @param gate        whether a capability's tasks may go out now (its circuit breaker)
     */
    public BatchProcessor(Decider decider, InstantSource clock, CommitStore store, EffectPlanner planner,
                          ChangeBroadcaster broadcaster, Duration outboxClaim, DispatchGate gate) {
        this.gate = gate;
        this.decider = decider;
        this.clock = clock;
        this.store = store;
        this.planner = planner;
        this.broadcaster = broadcaster;
        this.outboxClaim = outboxClaim;
    }

    public void addListener(CommitListener listener) {
        listeners.add(listener);
    }

    void bind(Owner runtime) {
        owner = runtime;
    }

    void drain(ExecutionActor actor) {
        List<ExecutionActor.Work> batch = actor.takeAll();
        ExecutionState before = actor.state();
        ExecutionState state = before;
        Instant now = clock.instant();
        List<ExecutionEvent> events = new ArrayList<>();
        List<Effect> effects = new ArrayList<>();
        List<ExecutionActor.Work> accepted = new ArrayList<>();
        List<String> consumedTimers = new ArrayList<>();
        for (ExecutionActor.Work work : batch) {
            if (work.isRead()) {
                accepted.add(work);
                continue;
            }
            try {
                Decision d = decider.decide(actor.definition, state, work.command(), now, gate);
                state = d.state();
                events.addAll(d.events());
                effects.addAll(d.effects());
                accepted.add(work);
                consume(work, consumedTimers);
            } catch (CommandRejectedException e) {
                work.done().completeExceptionally(e);
                consume(work, consumedTimers);
            } catch (RuntimeException e) {
                // A bug, not a verdict: the timer stays stored and fires again after its lease,
                // a result is released for redelivery (and kept as a dead letter if it keeps failing).
                LOG.errorf(e, "deciding %s for execution %s failed", work.command(), actor.executionId);
                work.done().completeExceptionally(new DecisionFailedException(actor.executionId, e));
            }
        }
        if (events.isEmpty() && consumedTimers.isEmpty()) {
            finish(actor, accepted, state);
            return;
        }
        String traceparent = TraceContext.forExecution(state.executionId(), state.traceparent());
        EffectPlan plan = planner.plan(state, effects, consumedTimers, traceparent, now);
        CommitRequest request = new CommitRequest(state, before.sequence() + 1, events, plan.outbox(),
                now.plus(outboxClaim), plan.startTimers(), plan.cancelTimers(), plan.clearTimers(),
                plan.deadLetters(), plan.resolutions(), now);
        ExecutionState next = state;
        store.commit(request).subscribe().with(
                sent -> {
                    actor.committed(next);
                    listeners.forEach(l -> tell(l, actor, request, sent));
                    if (!events.isEmpty()) {
                        broadcaster.publish(new CommittedChange(actor.executionId, next.sequence(), stored(request), next));
                    }
                    finish(actor, accepted, next);
                },
                failure -> {
                    LOG.warnf("commit for execution %s failed: %s", actor.executionId, failure.getMessage());
                    accepted.forEach(w -> w.done().completeExceptionally(failure));
                    // The cached state may be behind the store (another replica wrote, or the
                    // commit's outcome is unknown): no further decision is taken on it.
                    owner.forget(actor);
                    actor.retire().forEach(w -> owner.resubmit(actor.executionId, w));
                });
    }

    /**
     * A listener that throws is a bug, but it must not stall the execution: the commit happened,
     * so the batch still finishes and the next one runs.
     */
    private static void tell(CommitListener listener, ExecutionActor actor, CommitRequest request,
                             List<OutboxMessage> sent) {
        try {
            listener.committed(actor.definition, request, sent);
        } catch (RuntimeException e) {
            LOG.errorf(e, "commit listener %s failed for execution %s", listener, actor.executionId);
        }
    }

    private static void consume(ExecutionActor.Work work, List<String> consumedTimers) {
        if (work.timerId() != null) {
            consumedTimers.add(work.timerId());
        }
    }

    private void finish(ExecutionActor actor, List<ExecutionActor.Work> accepted, ExecutionState state) {
        accepted.forEach(w -> w.done().complete(state));
        if (actor.retireIfIdle()) {
            owner.forget(actor);
            return;
        }
        if (actor.release()) {
            drain(actor);
        }
    }

    private static List<HistoryEntry> stored(CommitRequest r) {
        List<HistoryEntry> list = new ArrayList<>(r.events().size());
        long seq = r.firstSequence();
        for (ExecutionEvent e : r.events()) {
            list.add(new HistoryEntry(seq++, e, r.now()));
        }
        return list;
    }
}
