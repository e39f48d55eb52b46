package dev.weft.simulation;

import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.ExecutionEvent;
import dev.weft.runtime.port.ChangeFeed;
import dev.weft.runtime.port.DeadLetterStore;
import dev.weft.runtime.port.DefinitionLookup;
import dev.weft.runtime.port.ExecutionLookup;
import java.util.Optional;
import dev.weft.runtime.port.HistoryStore;
import dev.weft.runtime.port.OutboxStore;
import dev.weft.engine.TimerKind;
import dev.weft.runtime.port.TimerStore;
import dev.weft.store.BatchWriter;
import dev.weft.store.CommitRequest;
import dev.weft.store.DeadLetter;
import dev.weft.store.EventCodec;
import dev.weft.store.OutboxMessage;
import dev.weft.engine.TaskIds;
import dev.weft.engine.StepStatus;
import dev.weft.store.StoredEvent;
import dev.weft.store.TimerRow;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * PostgreSQL as the runtime sees it, in memory: the tables the runtime writes, with the same
 * rules (an event sequence is a primary key, an execution row moves only from the version a
 * decision was taken on, claims with leases) and the same atomicity (a batch applies whole or not
 * at all). Every operation takes a simulated round trip and may fail: before it reaches the
 * database, or — for writes — after it applied, with the reply lost.
 */
final class SimDatabase {

    /**
     * The executions table: what the invariants compare with the history, and what the unique
     * index on (tenant, request_id) and start lookups need.
     */
    record ExecutionRow(String tenant, String status, long version, String workflow, String requestId,
                        String fingerprint) {
    }

    /** An outbox row, or a task message kept as the claim of its step row (ADR 0016). */
    record OutboxRow(OutboxMessage message, long claimedUntil) {
    }

    record TimerEntry(TimerRow timer, Long claimedUntil) {
    }

    record StoredDeadLetter(long id, DeadLetter letter) {
    }

    /** Dead letter id → REPLAYED or DISCARDED; absent while open. */
    final Map<Long, String> resolved = new LinkedHashMap<>();

    final Map<String, List<StoredEvent>> events = new LinkedHashMap<>();
    final Map<String, ExecutionRow> executions = new LinkedHashMap<>();
    final Map<OutboxMessage.Key, OutboxRow> outbox = new LinkedHashMap<>();
    final Map<String, TimerEntry> timers = new LinkedHashMap<>();
    final List<StoredDeadLetter> deadLetters = new ArrayList<>();
    private final Map<String, WorkflowDefinition> definitions = new LinkedHashMap<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final SimWorld world;
    private final SimFaults faults;
    private long nextOutboxId = 1;
    long commits;
    long failedOps;

    private record Subscriber(SimWorld.Process owner, BiConsumer<String, Long> listener) {
    }

    SimDatabase(SimWorld world, SimFaults faults) {
        this.world = world;
        this.faults = faults;
    }

    WorkflowDefinition definition(String name) {
        return definitions.get(name + "/1");
    }

    void register(WorkflowDefinition definition) {
        definitions.put(definition.name() + "/" + definition.version(), definition);
    }

    /** The database as one process reaches it; replies to a dead process are lost with it. */
    Connection connect(SimWorld.Process owner) {
        return new Connection(owner);
    }

    /** Runs {@code atDatabase} after a round trip's first half; the reply takes the second half. */
    private <T> Uni<T> op(SimWorld.Process owner, boolean writes, Supplier<T> atDatabase) {
        return Uni.createFrom().emitter(emitter -> world.after(world.world, world.latency(), () -> {
            if (faults.databaseDown() || world.chance(faults.failPercent())) {
                failedOps++;
                world.after(owner, world.latency(), () -> emitter.fail(new SimFault("database unavailable")));
                return;
            }
            T result;
            try {
                result = atDatabase.get();
            } catch (SimFault conflict) {
                world.after(owner, world.latency(), () -> emitter.fail(conflict));
                return;
            }
            if (writes && world.chance(faults.lostReplyPercent())) {
                failedOps++;
                world.after(owner, world.latency(), () -> emitter.fail(new SimFault("connection lost before the reply")));
                return;
            }
            world.after(owner, world.latency(), () -> emitter.complete(result));
        }));
    }

    /** Request ids the batch being checked starts executions with (the unique index sees them too). */
    private final java.util.Set<String> batchRequestIds = new java.util.HashSet<>();

    private boolean requestIdTaken(String tenant, String requestId) {
        return executions.values().stream().anyMatch(e -> e.tenant().equals(tenant) && requestId.equals(e.requestId()));
    }

    /** The execution a request id started, as the unique index finds it. */
    java.util.Optional<Map.Entry<String, ExecutionRow>> byRequestId(String tenant, String requestId) {
        return executions.entrySet().stream()
                .filter(e -> e.getValue().tenant().equals(tenant) && requestId.equals(e.getValue().requestId()))
                .findFirst();
    }

    private List<OutboxMessage> apply(List<CommitRequest> requests) {
        // As one transaction: a request sees the rows the ones before it in the batch would write.
        Map<String, Long> written = new LinkedHashMap<>();
        batchRequestIds.clear();
        for (CommitRequest r : requests) {
            check(r, written);
            if (!r.events().isEmpty()) {
                written.put(r.state().executionId(), r.state().sequence());
            }
        }
        List<OutboxMessage> sent = new ArrayList<>();
        for (CommitRequest r : requests) {
            String id = r.state().executionId();
            if (r.clearTimers()) {
                timers.values().removeIf(t -> t.timer().executionId().equals(id));
            }
            r.cancelTimers().forEach(timers::remove);
            for (TimerRow t : r.startTimers()) {
                if (t.kind() == TimerKind.TASK_DEADLINE) {
                    // As PgCommitWriter keeps it (ADR 0013): one attempt deadline per step, in its row.
                    timers.values().removeIf(o -> o.timer().kind() == TimerKind.TASK_DEADLINE
                            && o.timer().executionId().equals(id) && o.timer().stepId().equals(t.stepId()));
                }
                timers.put(t.id(), new TimerEntry(t, null));
            }
            if (!r.events().isEmpty()) {
                List<StoredEvent> list = events.computeIfAbsent(id, k -> new ArrayList<>());
                long seq = r.firstSequence();
                for (ExecutionEvent e : r.events()) {
                    list.add(new StoredEvent(id, seq++, EventCodec.type(e), EventCodec.SCHEMA_VERSION, e.stepId(),
                            EventCodec.encode(e), r.now()));
                }
                String fingerprint = r.events().getFirst() instanceof ExecutionEvent.ExecutionStarted started
                        ? started.requestFingerprint() : executions.get(id).fingerprint();
                executions.put(id, new ExecutionRow(r.state().tenant(), r.state().status().name(),
                        r.state().sequence(), r.state().workflow(), r.state().requestId(), fingerprint));
            }
            for (DeadLetter d : r.deadLetters()) {
                deadLetters.add(new StoredDeadLetter(deadLetters.size() + 1L, d));
            }
            r.resolutions().forEach(x -> resolved.putIfAbsent(x.deadLetterId(), x.status()));
            if (!r.events().isEmpty()) {
                // As PgCommitWriter's step upsert: a step row written for another attempt, or once
                // the step no longer runs, loses its claim.
                outbox.entrySet().removeIf(e -> e.getValue().message().kept() == OutboxMessage.Kept.STEP_ROW
                        && e.getValue().message().executionId().equals(id) && !stillOut(r, e.getKey().taskId()));
            }
            for (OutboxMessage m : r.outbox()) {
                OutboxMessage stored = switch (m.kept()) {
                    case OUTBOX_ROW -> m.withId(nextOutboxId++);
                    case STEP_ROW -> m;
                };
                if (m.kept() == OutboxMessage.Kept.OUTBOX_ROW || stillOut(r, m.taskId())) {
                    outbox.put(stored.key(), new OutboxRow(stored, r.outboxClaimedUntil().toEpochMilli()));
                }
                sent.add(stored);
            }
        }
        commits++;
        for (CommitRequest r : requests) {
            if (!r.events().isEmpty()) {
                notifyOthers(r.state().executionId(), r.state().sequence());
            }
        }
        return sent;
    }

    /** Whether the attempt of {@code taskId} still runs after {@code r}. */
    private static boolean stillOut(CommitRequest r, String taskId) {
        var ref = TaskIds.parse(taskId).orElseThrow();
        var step = r.state().step(ref.stepId());
        return step != null && step.status() == StepStatus.RUNNING && step.attempt() == ref.attempt();
    }

    /** The primary key of events and the version check of the execution row, as PostgreSQL applies them. */
    private void check(CommitRequest r, Map<String, Long> writtenInBatch) {
        String id = r.state().executionId();
        ExecutionRow row = executions.get(id);
        Long version = writtenInBatch.containsKey(id) ? writtenInBatch.get(id) : row == null ? null : row.version();
        if (r.events().isEmpty()) {
            if (version == null || version != r.expectedSequence()) {
                throw new SimFault("execution " + id + " is not at version " + r.expectedSequence());
            }
            return;
        }
        long stored = writtenInBatch.containsKey(id) ? writtenInBatch.get(id) : events.getOrDefault(id, List.of()).size();
        if (r.createsExecution() ? stored > 0 || version != null : stored >= r.firstSequence()) {
            throw new SimFault("duplicate key (" + id + ", " + r.firstSequence() + ") in execution_events");
        }
        String requestId = r.state().requestId();
        if (r.createsExecution() && requestId != null && (requestIdTaken(r.state().tenant(), requestId)
                || !batchRequestIds.add(r.state().tenant() + "/" + requestId))) {
            throw new SimFault("duplicate key value violates unique constraint \"executions_request_id\"");
        }
        if (!r.createsExecution() && (version == null || version != r.expectedSequence())) {
            throw new SimFault("execution " + id + " is not at version " + r.expectedSequence());
        }
    }

    private void notifyOthers(String executionId, long sequence) {
        for (Subscriber s : subscribers) {
            if (s.owner().alive() && !world.chance(faults.lostNotificationPercent())) {
                world.after(s.owner(), world.latency(), () -> s.listener().accept(executionId, sequence));
            }
        }
    }

    private List<OutboxMessage> claimOutbox(Instant now, Duration lease, int limit) {
        List<OutboxMessage> claimed = new ArrayList<>();
        for (OutboxMessage.Kept kind : OutboxMessage.Kept.values()) {
            // Each kind up to the limit, as the store's two statements claim them.
            outbox.values().stream()
                    .filter(row -> row.message().kept() == kind && row.claimedUntil() < now.toEpochMilli())
                    .sorted(Comparator.comparingLong(OutboxRow::claimedUntil))
                    .limit(limit)
                    // As read back from the table: without the in-memory headers.
                    .map(row -> new OutboxMessage(row.message().id(), row.message().executionId(),
                            row.message().taskId(), row.message().address(), row.message().message(),
                            row.message().readyAt(), null, kind))
                    .forEach(claimed::add);
        }
        for (OutboxMessage m : claimed) {
            outbox.put(m.key(), new OutboxRow(outbox.get(m.key()).message(), now.plus(lease).toEpochMilli()));
        }
        return claimed;
    }

    private List<TimerRow> claimTimers(Instant now, Duration lease, int limit) {
        List<TimerEntry> due = timers.values().stream()
                .filter(t -> !t.timer().dueAt().isAfter(now)
                        && (t.claimedUntil() == null || t.claimedUntil() < now.toEpochMilli()))
                .sorted(Comparator.comparing((TimerEntry t) -> t.timer().dueAt()))
                .limit(limit).toList();
        due.forEach(t -> timers.put(t.timer().id(), new TimerEntry(t.timer(), now.plus(lease).toEpochMilli())));
        return due.stream().map(TimerEntry::timer).toList();
    }

    /** One process's connection: every port the runtime needs from the database. */
    final class Connection implements BatchWriter, HistoryStore, OutboxStore, TimerStore, DeadLetterStore,
            DefinitionLookup, ChangeFeed, ExecutionLookup {
        private final SimWorld.Process owner;

        private Connection(SimWorld.Process owner) {
            this.owner = owner;
        }

        @Override
        public Uni<List<OutboxMessage>> write(List<CommitRequest> requests) {
            return op(owner, true, () -> apply(requests));
        }

        @Override
        public Uni<List<StoredEvent>> events(String executionId, long afterSequence, int limit) {
            return op(owner, false, () -> events.getOrDefault(executionId, List.of()).stream()
                    .filter(e -> e.sequence() > afterSequence).limit(limit).toList());
        }

        @Override
        public Uni<Void> delete(List<OutboxMessage.Key> accepted) {
            return op(owner, true, () -> {
                accepted.forEach(outbox::remove);
                return null;
            });
        }

        @Override
        public Uni<Void> release(List<OutboxMessage.Key> unsent) {
            return op(owner, true, () -> {
                for (OutboxMessage.Key key : unsent) {
                    OutboxRow row = outbox.get(key);
                    if (row != null) {
                        outbox.put(key, new OutboxRow(row.message(), Long.MIN_VALUE));
                    }
                }
                return null;
            });
        }

        @Override
        public Uni<List<OutboxMessage>> claimUnsent(Instant now, Duration lease, int limit) {
            return op(owner, true, () -> claimOutbox(now, lease, limit));
        }

        @Override
        public Uni<List<TimerRow>> claimDue(Instant now, Duration lease, int limit) {
            return op(owner, true, () -> claimTimers(now, lease, limit));
        }

        @Override
        public Uni<Void> delete(TimerRow timer) {
            return op(owner, true, () -> {
                timers.remove(timer.id());
                return null;
            });
        }

        @Override
        public Uni<Long> add(DeadLetter letter) {
            return op(owner, true, () -> {
                long id = deadLetters.size() + 1L;
                deadLetters.add(new StoredDeadLetter(id, letter));
                return id;
            });
        }

        @Override
        public Uni<WorkflowDefinition> pinned(String tenant, String name, int version) {
            return op(owner, false, () -> definitions.get(name + "/" + version));
        }

        @Override
        public Uni<WorkflowDefinition> forStart(String tenant, String name, int version) {
            return op(owner, false, () -> definitions.get(name + "/" + (version == 0 ? 1 : version)));
        }

        @Override
        public Uni<Optional<dev.weft.store.ExecutionRow>> find(String executionId) {
            return op(owner, false, () -> Optional.ofNullable(executions.get(executionId)).map(r ->
                    new dev.weft.store.ExecutionRow(executionId, r.tenant(), null, 1, r.status(), null, null,
                            r.version(), null)));
        }

        @Override
        public Uni<Optional<dev.weft.store.ExecutionRow>> findByRequestId(String tenant, String requestId) {
            return op(owner, false, () -> byRequestId(tenant, requestId).map(e ->
                    new dev.weft.store.ExecutionRow(e.getKey(), e.getValue().tenant(), e.getValue().workflow(), 1,
                            e.getValue().status(), null, null, e.getValue().version(), e.getValue().fingerprint())));
        }

        @Override
        public void onChange(BiConsumer<String, Long> listener) {
            subscribers.add(new Subscriber(owner, listener));
        }
    }
}
