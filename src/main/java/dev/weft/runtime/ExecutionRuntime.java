package dev.weft.runtime;

import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.Command;
import dev.weft.engine.EventApplier;
import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.ExecutionState;
import dev.weft.runtime.port.ChangeFeed;
import dev.weft.runtime.port.DefinitionLookup;
import dev.weft.runtime.port.HistoryStore;
import dev.weft.store.StoredEvent;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes commands to executions. Each live execution has a mailbox ({@link ExecutionActor});
 * {@link BatchProcessor} decides a batch of its commands against the cached state and commits
 * everything it implies in one group transaction, and only then are its effects carried out.
 * An execution that is not in memory is loaded from its history, page by page, however long.
 */
public class ExecutionRuntime implements BatchProcessor.Owner {
    static final int HISTORY_PAGE = 10_000;

    private final ConcurrentHashMap<String, CompletableFuture<ExecutionActor>> actors = new ConcurrentHashMap<>();
    private final HistoryStore history;
    private final DefinitionLookup definitions;
    private final BatchProcessor batches;

    public ExecutionRuntime(HistoryStore history, DefinitionLookup definitions, BatchProcessor batches,
                            ChangeFeed changes) {
        this.history = history;
        this.definitions = definitions;
        this.batches = batches;
        batches.bind(this);
        changes.onChange(this::forgetIfBehind);
    }

    /**
     * Another replica committed to an execution cached here: drop the cached state rather than
     * decide on it and lose the optimistic-concurrency race at commit. A command in flight still
     * fails safely at commit (its result message is redelivered, its timer fires again).
     */
    private void forgetIfBehind(String executionId, long sequence) {
        CompletableFuture<ExecutionActor> live = actors.get(executionId);
        if (live != null && live.isDone() && !live.isCompletedExceptionally()
                && live.join().state().sequence() < sequence && live.join().isIdle()) {
            actors.remove(executionId, live);
        }
    }

    @Override
    public void forget(ExecutionActor actor) {
        actors.computeIfPresent(actor.executionId, (id, f) -> f.getNow(null) == actor ? null : f);
    }

    @Override
    public void resubmit(String executionId, ExecutionActor.Work work) {
        submit(executionId, work.command(), work.timerId()).subscribe().with(
                work.done()::complete, work.done()::completeExceptionally);
    }

    /** Starts a new execution of a pinned definition; the item is its first committed state. */
    public Uni<ExecutionState> start(WorkflowDefinition definition, Command.StartExecution start) {
        ExecutionActor actor = new ExecutionActor(start.executionId(), definition, ExecutionState.EMPTY);
        CompletableFuture<ExecutionActor> live = CompletableFuture.completedFuture(actor);
        CompletableFuture<ExecutionActor> existing = actors.putIfAbsent(start.executionId(), live);
        if (existing != null) {
            // One actor per execution: a start of an id already here goes to its mailbox, which refuses it.
            return Uni.createFrom().completionStage(existing).chain(a -> submitTo(a, start, null));
        }
        return submitTo(actor, start, null).onFailure().invoke(() -> actors.remove(start.executionId(), live));
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
        return actor(executionId).chain(actor -> !actor.state().tenant().equals(tenant)
                ? Uni.createFrom().failure(new WrongTenantException(executionId, tenant))
                : submitTo(actor, command, null));
    }

    /** As {@link #submit(String, Command)}, for a stored timer that goes away with the decision. */
    public Uni<ExecutionState> submit(String executionId, Command command, String timerId) {
        return actor(executionId).chain(actor -> submitTo(actor, command, timerId));
    }

    /**
     * The current state: the live one, or rebuilt from the history. A read queues behind the
     * batch in flight, so it never shows less than a commit that has already happened (a watcher
     * may have seen it).
     */
    public Uni<ExecutionState> state(String executionId) {
        return actor(executionId).chain(actor -> submitTo(actor, null, null));
    }

    /**
     * The state as the store has it now, read past this replica's cache: what another replica
     * committed is in it. For decisions a stale cache must not make (a child start that would be
     * dropped because this replica last saw its parent before the parent started it).
     */
    public Uni<ExecutionState> stored(String executionId) {
        return load(executionId).map(ExecutionActor::state);
    }

    /** An execution's state together with the definition version it runs. */
    public record Snapshot(ExecutionState state, WorkflowDefinition definition) {
    }

    /** As {@link #state(String)}, with the definition. */
    public Uni<Snapshot> snapshot(String executionId) {
        return actor(executionId).chain(a -> submitTo(a, null, null).map(s -> new Snapshot(s, a.definition)));
    }

    /** Whether the execution is held in memory here (running executions only). */
    public boolean isLive(String executionId) {
        return actors.containsKey(executionId);
    }

    /** @param command null for a read, which decides nothing and completes with the state after the batch */
    private Uni<ExecutionState> submitTo(ExecutionActor actor, Command command, String timerId) {
        CompletableFuture<ExecutionState> done = new CompletableFuture<>();
        switch (actor.offer(new ExecutionActor.Work(command, timerId, done))) {
            case DRAIN -> batches.drain(actor);
            case QUEUED -> { }
            case RETIRED -> {
                forget(actor);
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
        return readAll(executionId, 0, new ArrayList<>()).chain(events -> {
            if (events.isEmpty()) {
                return Uni.createFrom().failure(new ExecutionNotFoundException(executionId));
            }
            var started = (ExecutionEvent.ExecutionStarted) events.get(0);
            return definitions.pinned(started.tenant(), started.workflow(), started.version())
                    .map(def -> {
                        if (def == null) {
                            throw new IllegalStateException("Expected definition " + started.workflow() + " v"
                                    + started.version() + " of execution " + executionId + ", but it is gone");
                        }
                        return new ExecutionActor(executionId, def,
                                EventApplier.replay(events, dev.weft.engine.Blueprint.of(def)));
                    });
        });
    }

    /** Every event after {@code after}, one page at a time: no history is too long to load. */
    private Uni<List<ExecutionEvent>> readAll(String executionId, long after, List<ExecutionEvent> into) {
        return history.events(executionId, after, HISTORY_PAGE).chain(page -> {
            page.stream().map(StoredEvent::event).forEach(into::add);
            return page.size() < HISTORY_PAGE ? Uni.createFrom().item(into)
                    : readAll(executionId, page.get(page.size() - 1).sequence(), into);
        });
    }
}
