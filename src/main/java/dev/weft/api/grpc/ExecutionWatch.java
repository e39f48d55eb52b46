package dev.weft.api.grpc;

import dev.weft.agents.LivenessMonitor;
import dev.weft.agents.LivenessView;
import dev.weft.api.v1.ExecutionChange;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.StepRun;
import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.EventApplier;
import dev.weft.engine.ExecutionState;
import dev.weft.engine.StepState;
import dev.weft.runtime.ChangeBroadcaster;
import dev.weft.runtime.CommittedChange;
import dev.weft.runtime.ExecutionNotFoundException;
import dev.weft.runtime.ExecutionRuntime;
import dev.weft.runtime.HistoryEntry;
import dev.weft.store.PgExecutionReader;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WatchExecution: a full snapshot first, then one update per committed event, until the
 * execution ends. Events committed by another replica arrive as hints and are read from the
 * history, so the stream has no gap whichever replica did the work. The watcher keeps its own
 * copy of the state and applies each event to it, so every update shows the step exactly as that
 * event left it.
 *
 * <p>A resumed watch ({@code after_sequence = k}) is forward-only like a fresh one: its snapshot is
 * the state as of event k, replayed from the history, and the events after k follow in order. A
 * k beyond the last event is refused, naming {@code after_sequence}.
 *
 * <p>A running step whose capability has no live agent carries a notice. When a liveness refresh
 * changes what a step's notice should say, with no event to carry it, the stream sends a
 * {@code notice} update (with the sequence of the last event sent, so resuming is unaffected).
 */
@ApplicationScoped
public class ExecutionWatch {
    /** Events read from the history per query, when replaying to k and when catching up. */
    private static final int BATCH = 10_000;

    @Inject
    ExecutionRuntime runtime;
    @Inject
    ChangeBroadcaster broadcaster;
    @Inject
    PgExecutionReader reader;
    @Inject
    LivenessMonitor liveness;

    Multi<ExecutionUpdate> watch(String tenant, String executionId, long afterSequence) {
        return Multi.createFrom().emitter(emitter -> new Session(tenant, executionId, afterSequence, emitter).open());
    }

    private final class Session {
        private final String tenant;
        private final String executionId;
        private final long afterSequence;
        private final MultiEmitter<? super ExecutionUpdate> emitter;
        private final List<CommittedChange> early = new ArrayList<>();
        /** By step id, the notice the client was last shown (absent: none). */
        private final Map<String, String> shownNotices = new HashMap<>();
        private WorkflowDefinition definition;
        private dev.weft.engine.Blueprint blueprint;
        private ExecutionState state;
        private Instant estimate;
        private boolean fetching;
        private boolean fetchAgain;

        Session(String tenant, String executionId, long afterSequence, MultiEmitter<? super ExecutionUpdate> emitter) {
            this.tenant = tenant;
            this.executionId = executionId;
            this.afterSequence = afterSequence;
            this.emitter = emitter;
        }

        void open() {
            // Subscribe before reading the state, so nothing committed in between is missed.
            Runnable unsubscribe = broadcaster.subscribe(executionId, this::onChange);
            Runnable unsubscribeLiveness = liveness.subscribe(this::onLiveness);
            emitter.onTermination(() -> {
                unsubscribe.run();
                unsubscribeLiveness.run();
            });
            runtime.snapshot(executionId)
                    .map(snapshot -> {
                        if (!snapshot.state().tenant().equals(tenant)) {
                            throw new ExecutionNotFoundException(executionId);
                        }
                        definition = snapshot.definition();
                        blueprint = dev.weft.engine.Blueprint.of(definition);
                        return snapshot.state();
                    })
                    .chain(s -> reader.typicalDuration(s.tenant(), s.workflow(), s.version()).map(d -> {
                        estimate = d.map(x -> s.startedAt().plus(x)).orElse(null);
                        return s;
                    }))
                    .chain(current -> (afterSequence == 0 || afterSequence == current.sequence()
                            ? Uni.createFrom().item(current)
                            : replayTo(ExecutionState.EMPTY))
                            .map(from -> { start(from, current.sequence()); return from; }))
                    .subscribe().with(s -> { }, emitter::fail);
        }

        /** The state as of event {@code afterSequence}, applied from the history in batches. */
        private Uni<ExecutionState> replayTo(ExecutionState replayed) {
            int batch = (int) Math.min(BATCH, afterSequence - replayed.sequence());
            return reader.events(executionId, replayed.sequence(), batch).chain(rows -> {
                ExecutionState next = replayed;
                for (var row : rows) {
                    next = EventApplier.apply(next, HistoryEntry.of(row).event(), blueprint);
                }
                if (next.sequence() == afterSequence) {
                    return Uni.createFrom().item(next);
                }
                if (rows.isEmpty()) {
                    return Uni.createFrom().failure(GrpcErrors.invalid("after_sequence: execution " + executionId
                            + " has " + next.sequence() + " events, so expected 0.." + next.sequence() + ", but got "
                            + afterSequence));
                }
                return replayTo(next);
            });
        }

        /** Emits the snapshot, then what was committed after it: from the history, then live. */
        private synchronized void start(ExecutionState from, long currentSequence) {
            state = from;
            var snapshot = ExecutionViews.execution(from, definition, estimate, liveness.view());
            snapshot.getStepsList().forEach(this::shown);
            emitter.emit(ExecutionUpdate.newBuilder().setSequence(from.sequence()).setSnapshot(snapshot).build());
            if (from.sequence() < currentSequence && !from.isTerminal()) {
                catchUp();
            }
            early.forEach(this::forward);
            early.clear();
            completeIfEnded();
        }

        private synchronized void onChange(CommittedChange change) {
            if (state == null) {
                early.add(change);
                return;
            }
            forward(change);
        }

        /** Applies a change in sequence; a hint or a gap means: read what is missing from the history. */
        private void forward(CommittedChange change) {
            if (change.lastSequence() <= state.sequence()) {
                return; // already seen
            }
            List<HistoryEntry> fresh = change.events().stream()
                    .filter(e -> e.sequence() > state.sequence()).toList();
            if (change.isHint() || fresh.get(0).sequence() != state.sequence() + 1) {
                catchUp();
            } else {
                emitInOrder(fresh);
            }
        }

        /** A new liveness view: tell the client of every running step whose notice it changes. */
        private synchronized void onLiveness(LivenessView view) {
            if (state == null || state.isTerminal()) {
                return; // the snapshot, still to come, shows the notices of its moment
            }
            for (StepState step : state.steps().values()) {
                var def = dev.weft.engine.Blueprint.of(definition, state).definitionOf(step.stepId());
                String notice = ExecutionViews.notice(step, def, tenant, view);
                if (!notice.equals(shownNotices.getOrDefault(step.stepId(), ""))) {
                    shownNotices.put(step.stepId(), notice);
                    emitter.emit(ExecutionUpdate.newBuilder().setSequence(state.sequence())
                            .setNotice(ExecutionViews.stepNotice(step.stepId(), def, tenant, notice, view)).build());
                }
            }
        }

        private void shown(StepRun step) {
            shownNotices.put(step.getStepId(), step.getNotice());
        }

        private void catchUp() {
            if (fetching) {
                fetchAgain = true;
                return;
            }
            fetching = true;
            reader.events(executionId, state.sequence(), BATCH).subscribe().with(rows -> {
                synchronized (this) {
                    fetching = false;
                    emitInOrder(rows.stream().map(HistoryEntry::of).toList());
                    if (fetchAgain || (rows.size() == BATCH && !state.isTerminal())) {
                        fetchAgain = false;
                        catchUp();
                    }
                }
            }, emitter::fail);
        }

        private void emitInOrder(List<HistoryEntry> entries) {
            for (HistoryEntry entry : entries) {
                if (entry.sequence() != state.sequence() + 1 || state.isTerminal()) {
                    continue;
                }
                state = EventApplier.apply(state, entry.event(), blueprint);
                emitter.emit(update(entry, state));
            }
            completeIfEnded();
        }

        private ExecutionUpdate update(HistoryEntry entry, ExecutionState state) {
            ExecutionChange.Builder c = ExecutionChange.newBuilder()
                    .setEvent(ExecutionViews.history(entry))
                    .setStatus(ExecutionViews.status(state.status()));
            String stepId = entry.event().stepId();
            if (stepId != null && state.steps().containsKey(stepId)) {
                StepRun step = ExecutionViews.step(state.step(stepId), dev.weft.engine.Blueprint.of(definition, state),
                        tenant, liveness.view());
                shown(step);
                c.setStep(step);
            }
            if (state.output() != null) {
                c.setOutput(ValueMapper.toValue(state.output()));
            }
            if (state.error() != null) {
                c.setError(ExecutionViews.error(state.error()));
            }
            if (estimate != null && state.status() == dev.weft.engine.ExecutionStatus.RUNNING) {
                c.setEstimatedCompletionAt(ExecutionViews.ts(estimate));
            }
            if (state.pause() != null) {
                c.setPause(ExecutionViews.pause(state.pause()));
            }
            return ExecutionUpdate.newBuilder().setSequence(entry.sequence()).setChange(c).build();
        }

        private void completeIfEnded() {
            if (state != null && state.isTerminal()) {
                emitter.complete();
            }
        }
    }
}
