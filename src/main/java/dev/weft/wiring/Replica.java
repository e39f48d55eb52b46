package dev.weft.wiring;

import dev.weft.engine.Decider;
import dev.weft.engine.DispatchGate;
import dev.weft.expr.ExpressionEvaluator;
import dev.weft.messaging.OutboxRelay;
import dev.weft.messaging.ResultHandler;
import dev.weft.messaging.RoutingMetrics;
import dev.weft.runtime.BatchProcessor;
import dev.weft.runtime.CommitListener;
import dev.weft.runtime.ChangeBroadcaster;
import dev.weft.runtime.EffectPlanner;
import dev.weft.runtime.TaskMessages;
import dev.weft.runtime.ChildReports;
import dev.weft.runtime.LocalDeliveries;
import dev.weft.runtime.RequestedStarts;
import dev.weft.runtime.ExecutionRuntime;
import dev.weft.runtime.ExecutionStarts;
import dev.weft.runtime.port.ExecutionLookup;
import java.util.function.Supplier;
import dev.weft.runtime.TimerService;
import dev.weft.runtime.port.ChangeFeed;
import dev.weft.runtime.port.DeadLetterStore;
import dev.weft.runtime.port.DefinitionLookup;
import dev.weft.runtime.port.HistoryStore;
import dev.weft.runtime.port.OutboxStore;
import dev.weft.runtime.port.TaskSender;
import dev.weft.runtime.port.TimerStore;
import dev.weft.runtime.port.Delays;
import dev.weft.store.BatchWriter;
import dev.weft.store.GroupCommitter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Function;

/**
 * One engine replica assembled from its ports: the runtime with its group commit, the outbox
 * relay, the timer service and the result handler. Production builds it from PostgreSQL and AMQP
 * adapters ({@link ReplicaBeans}); the deterministic simulation builds several from in-memory
 * fakes and throws one away to model a crash. Nothing here starts threads or timers on its own:
 * the caller drives {@link OutboxRelay#sweep()} and {@link TimerService#fireDue()}.
 */
public final class Replica {

    /**
     * Everything outside the replica.
     *
     * @param ids  new execution ids
     * @param gate    whether a capability's tasks may go out now (its circuit breaker)
     * @param rollout whether a start from outside is taken, live or in shadow (the rollout flag, ADR 0015)
     */
    public record Ports(BatchWriter commits, HistoryStore history, DefinitionLookup definitions,
                        ExecutionLookup executions, OutboxStore outbox, TimerStore timers, DeadLetterStore deadLetters,
                        TaskSender sender, Delays delays, ChangeFeed changes, InstantSource clock,
                        MeterRegistry meters, Supplier<String> ids, DispatchGate gate,
                        dev.weft.runtime.port.RolloutGate rollout) {

        /** Every start live. */
        public Ports(BatchWriter commits, HistoryStore history, DefinitionLookup definitions,
                     ExecutionLookup executions, OutboxStore outbox, TimerStore timers, DeadLetterStore deadLetters,
                     TaskSender sender, Delays delays, ChangeFeed changes, InstantSource clock,
                     MeterRegistry meters, Supplier<String> ids, DispatchGate gate) {
            this(commits, history, definitions, executions, outbox, timers, deadLetters, sender, delays, changes, clock,
                    meters, ids, gate, dev.weft.runtime.port.RolloutGate.ALL_LIVE);
        }
    }

    /**
     * @param taskAddress      broker address of a capability's tasks
     * @param commitsInFlight  group-commit transactions at once
     * @param commitBatch      decisions per group-commit transaction at most
     * @param timerLease       how long a claimed timer is this replica's
     */
    public record Settings(Function<String, String> taskAddress, int commitsInFlight, int commitBatch,
                           OutboxRelay.Settings outbox, Duration timerLease, ResultHandler.Settings results) {
    }

    public final ExecutionRuntime runtime;
    public final ExecutionStarts starts;
    public final ChangeBroadcaster broadcaster;
    public final OutboxRelay relay;
    public final TimerService timers;
    public final ResultHandler results;
    public final RoutingMetrics routing;
    private final BatchProcessor batches;

    public Replica(Ports ports, Settings settings, ExpressionEvaluator expressions) {
        broadcaster = new ChangeBroadcaster(ports.changes());
        GroupCommitter committer = new GroupCommitter(ports.commits(), settings.commitsInFlight(),
                settings.commitBatch(), ports.meters());
        BatchProcessor batches = new BatchProcessor(new Decider(expressions), ports.clock(), committer,
                new EffectPlanner(new TaskMessages(settings.taskAddress())), broadcaster, settings.outbox().claim(), ports.gate());
        runtime = new ExecutionRuntime(ports.history(), ports.definitions(), batches, ports.changes());
        routing = new RoutingMetrics(ports.meters());
        starts = new ExecutionStarts(runtime, ports.definitions(), ports.executions(), ports.ids(), ports.rollout());
        ChildReports children = new ChildReports(runtime);
        LocalDeliveries local = new LocalDeliveries(new RequestedStarts(starts, ports.deadLetters(), ports.clock(),
                children), children, runtime);
        relay = new OutboxRelay(ports.sender(), local::deliver, ports.outbox(), routing, ports.clock(),
                ports.delays(), settings.outbox());
        timers = new TimerService(ports.timers(), runtime, ports.clock(), ports.delays(), settings.timerLease());
        results = new ResultHandler(runtime, ports.deadLetters(), ports.clock(), settings.results());
        this.batches = batches;
        batches.addListener((definition, request, sent) -> {
            relay.send(sent);
            request.startTimers().forEach(t -> timers.wakeUpBy(t.dueAt()));
        });
    }

    /** Told of every commit of this replica, after it happened. */
    public void onCommit(CommitListener listener) {
        batches.addListener(listener);
    }
}
