package dev.weft.runtime;

import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.Command;
import dev.weft.engine.CommandRejectedException;
import dev.weft.engine.Decider;
import dev.weft.engine.Decision;
import dev.weft.engine.Effect;
import dev.weft.engine.EventApplier;
import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.ExecutionState;
import dev.weft.expr.ExpressionEvaluator;
import dev.weft.store.CommitRequest;
import dev.weft.store.EventCodec;
import dev.weft.store.GroupCommitter;
import dev.weft.store.OutboxMessage;
import dev.weft.store.PgExecutionReader;
import dev.weft.store.StoredEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Drives the pure engine: each live execution has a mailbox ({@link ExecutionActor}); a batch
 * of its commands is decided against the cached state, committed with everything it implies
 * (events, outbox, timers) in one group transaction, and only then are its effects carried out
 * and its watchers told.
 */
@ApplicationScoped
public class ExecutionRuntime {
    private static final Logger LOG = Logger.getLogger(ExecutionRuntime.class);
    private static final int MAX_HISTORY = 100_000;

    private final ConcurrentHashMap<String, CompletableFuture<ExecutionActor>> actors = new ConcurrentHashMap<>();
    private Decider decider;

    @Inject
    ExpressionEvaluator expressions;
    @Inject
    InstantSource clock;
    @Inject
    GroupCommitter committer;
    @Inject
    PgExecutionReader reader;
    @Inject
    DefinitionService definitions;
    @Inject
    TaskMessages taskMessages;
    @Inject
    ChangeBroadcaster broadcaster;
    @Inject
    EffectHandlers effectHandlers;

    @Inject
    dev.weft.store.PgChangeListener changes;

    @jakarta.annotation.PostConstruct
    void init() {
        decider = new Decider(expressions);
        changes.onChange(this::forgetIfBehind);
    }

    /**
     * Another replica committed to an execution cached here: drop the cached state rather than
     * decide on it and lose the optimistic-concurrency race at commit. A command in flight still
     * fails safely at commit (its result message is redelivered).
     */
    private void forgetIfBehind(String executionId, long sequence) {
        CompletableFuture<ExecutionActor> live = actors.get(executionId);
        if (live != null && live.isDone() && !live.isCompletedExceptionally()
                && live.join().state().sequence() < sequence && live.join().isIdle()) {
            actors.remove(executionId, live);
        }
    }

    /** Starts a new execution of a pinned definition; the item is its first committed state. */
    public Uni<ExecutionState> start(WorkflowDefinition definition, Command.StartExecution start) {
        ExecutionActor actor = new ExecutionActor(start.executionId(), definition, ExecutionState.EMPTY);
        actors.put(start.executionId(), CompletableFuture.completedFuture(actor));
        return submitTo(actor, start, null)
                .onFailure().invoke(() -> actors.remove(start.executionId()));
    }

    /** Sends a command to an execution, loading it from its history when it is not live here. */
    public Uni<ExecutionState> submit(String executionId, Command command) {
        return submit(executionId, command, null);
    }

    /**
     * As {@link #submit(String, Command)}, for a message that names its tenant: one that does not
     * match the execution's fails with {@link WrongTenantException} and changes nothing.
     */
    public Uni<ExecutionState> submitAs(String tenant, String executionId, Command command) {
        return actor(executionId).chain(actor -> tenant != null && !tenant.equals(actor.state().tenant())
                ? Uni.createFrom().failure(new WrongTenantException(executionId, tenant))
                : submitTo(actor, command, null));
    }

    /** As {@link #submit(String, Command)}, for a stored timer that goes away with the decision. */
    public Uni<ExecutionState> submit(String executionId, Command command, String timerId) {
        return actor(executionId).chain(actor -> submitTo(actor, command, timerId));
    }

    /** The current state: the live one, or rebuilt from the history. */
    public Uni<ExecutionState> state(String executionId) {
        return actor(executionId).map(ExecutionActor::state);
    }

    /** An execution's state together with the definition version it runs. */
    public record Snapshot(ExecutionState state, WorkflowDefinition definition) {
    }

    public Uni<Snapshot> snapshot(String executionId) {
        return actor(executionId).map(a -> new Snapshot(a.state(), a.definition));
    }

    /** Whether the execution is held in memory here (running executions only). */
    public boolean isLive(String executionId) {
        return actors.containsKey(executionId);
    }

    private Uni<ExecutionState> submitTo(ExecutionActor actor, Command command, String timerId) {
        CompletableFuture<ExecutionState> done = new CompletableFuture<>();
        switch (actor.offer(new ExecutionActor.Work(command, timerId, done))) {
            case DRAIN -> drain(actor);
            case QUEUED -> { }
            case RETIRED -> {
                actors.remove(actor.executionId, CompletableFuture.completedFuture(actor));
                return submit(actor.executionId, command, timerId);
            }
        }
        return Uni.createFrom().completionStage(done);
    }

    private Uni<ExecutionActor> actor(String executionId) {
        CompletableFuture<ExecutionActor> future = actors.computeIfAbsent(executionId, id -> {
            CompletableFuture<ExecutionActor> f = new CompletableFuture<>();
            load(id).subscribe().with(f::complete, f::completeExceptionally);
            return f;
        });
        return Uni.createFrom().completionStage(future)
                .onFailure().invoke(() -> actors.remove(executionId, future))
                .chain(a -> a.isRetired() ? retry(executionId, future) : Uni.createFrom().item(a))
                // Memory holds live executions only: one that ended is read, not kept.
                .invoke(a -> {
                    if (a.state().isTerminal() && a.isIdle()) {
                        actors.remove(executionId, future);
                    }
                });
    }

    private Uni<ExecutionActor> retry(String executionId, CompletableFuture<ExecutionActor> stale) {
        actors.remove(executionId, stale);
        return actor(executionId);
    }

    private Uni<ExecutionActor> load(String executionId) {
        return reader.events(executionId, 0, MAX_HISTORY).chain(stored -> {
            if (stored.isEmpty()) {
                return Uni.createFrom().failure(new ExecutionNotFoundException(executionId));
            }
            List<ExecutionEvent> events = stored.stream().map(StoredEvent::event).toList();
            var started = (ExecutionEvent.ExecutionStarted) events.get(0);
            return definitions.pinned(started.tenant(), started.workflow(), started.version())
                    .map(def -> {
                        if (def == null) {
                            throw new IllegalStateException("Expected definition " + started.workflow() + " v"
                                    + started.version() + " of execution " + executionId + ", but it is gone");
                        }
                        return new ExecutionActor(executionId, def,
                                EventApplier.replay(events, def.steps().stream().map(s -> s.id()).toList()));
                    });
        });
    }

    private void drain(ExecutionActor actor) {
        List<ExecutionActor.Work> batch = actor.takeAll();
        ExecutionState before = actor.state();
        ExecutionState state = before;
        Instant now = clock.instant();
        List<ExecutionEvent> events = new ArrayList<>();
        List<Effect> effects = new ArrayList<>();
        List<ExecutionActor.Work> accepted = new ArrayList<>();
        List<String> timers = new ArrayList<>();
        for (ExecutionActor.Work work : batch) {
            try {
                Decision d = decider.decide(actor.definition, state, work.command(), now);
                state = d.state();
                events.addAll(d.events());
                effects.addAll(d.effects());
                accepted.add(work);
            } catch (CommandRejectedException e) {
                work.done().completeExceptionally(e);
            } catch (RuntimeException e) {
                LOG.errorf(e, "deciding %s for execution %s failed", work.command(), actor.executionId);
                work.done().completeExceptionally(e);
            }
            if (work.timerId() != null) {
                timers.add(work.timerId());
            }
        }
        if (events.isEmpty() && timers.isEmpty()) {
            finish(actor, accepted, state);
            return;
        }
        List<OutboxMessage> outbox = taskMessages.outboxFor(state, effects);
        CommitRequest request = new CommitRequest(state, before.sequence() + 1, events, effects, outbox, timers, now);
        ExecutionState next = state;
        committer.commit(request).subscribe().with(
                sent -> {
                    actor.committed(next);
                    effectHandlers.afterCommit(request, sent);
                    broadcaster.publish(new CommittedChange(actor.executionId, next.sequence(), stored(request), next));
                    finish(actor, accepted, next);
                },
                failure -> {
                    // The cached state may be behind the database (another replica wrote): drop it.
                    LOG.warnf("commit for execution %s failed: %s", actor.executionId, failure.getMessage());
                    actors.remove(actor.executionId);
                    accepted.forEach(w -> w.done().completeExceptionally(failure));
                    finish(actor, List.of(), before);
                });
    }

    private void finish(ExecutionActor actor, List<ExecutionActor.Work> accepted, ExecutionState state) {
        accepted.forEach(w -> w.done().complete(state));
        if (actor.retireIfIdle()) {
            actors.remove(actor.executionId);
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
