package dev.weft.simulation;

import dev.weft.engine.DispatchGate;
import dev.weft.expr.ExpressionEvaluator;
import dev.weft.messaging.OutboxRelay;
import dev.weft.messaging.ResultHandler;
import dev.weft.messaging.TaskHeaders;
import dev.weft.runtime.port.TaskSender;
import dev.weft.store.OutboxMessage;
import dev.weft.wiring.Replica;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One life of an engine replica: the production {@link Replica}, wired to the simulated database
 * and broker, with the periodic work the Quarkus scheduler does in production (outbox sweep every
 * 5 s, timer poll every 3 s — exact wake-ups cover this replica's own timers) and a results consumer that settles each message as the handler
 * says. {@link #crash()} ends the life at once: nothing in memory survives, replies to it are lost,
 * its unsettled results go back to the broker.
 */
final class SimReplica {
    static final String DEPLOYMENT = "sim";
    static final String RESULTS = "weft.results." + DEPLOYMENT;
    static final int MAX_RESULT_BYTES = 4096;

    final SimWorld.Process process;
    final Replica replica;
    private final SimWorld world;
    private final SimBroker broker;
    /** Results this life accepted, by task id (the invariants check each was recorded). */
    private final Map<String, Integer> acceptedResults;
    private final int[] anonymousAccepted;
    private final int[] ids = new int[1];

    SimReplica(String name, SimWorld world, SimDatabase db, SimBroker broker, ExpressionEvaluator expressions,
               Map<String, Integer> acceptedResults, int[] anonymousAccepted) {
        this.process = new SimWorld.Process(name);
        this.world = world;
        this.broker = broker;
        this.acceptedResults = acceptedResults;
        this.anonymousAccepted = anonymousAccepted;
        SimDatabase.Connection conn = db.connect(process);
        Replica.Ports ports = new Replica.Ports(conn, conn, conn, conn, conn, conn, conn, new Sender(),
                // No meters: recording percentiles would cost more than the rest of a seed.
                (delay, action) -> world.after(process, delay, action), conn, world, new CompositeMeterRegistry(),
                () -> name + "-" + (++ids[0]), DispatchGate.OPEN);
        Replica.Settings settings = new Replica.Settings(capability -> "weft.tasks." + capability,
                1 + world.random.nextInt(3), 1 + world.random.nextInt(16),
                new OutboxRelay.Settings(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(1)),
                Duration.ofSeconds(10),
                new ResultHandler.Settings(MAX_RESULT_BYTES, 20, MAX_RESULT_BYTES + 1024, () -> DEPLOYMENT));
        replica = new Replica(ports, settings, expressions);
        world.after(process, world.random.nextInt(5000), this::sweep);
        world.after(process, world.random.nextInt(3000), this::poll);
        consumeResults();
        replica.relay.sweep().subscribe().with(x -> { });
    }

    void crash() {
        process.kill();
        broker.disconnect(process);
    }

    private void sweep() {
        replica.relay.sweep().subscribe().with(x -> { });
        world.after(process, 5000, this::sweep);
    }

    private void poll() {
        replica.timers.fireDue().subscribe().with(x -> { });
        world.after(process, 3000, this::poll);
    }

    private void consumeResults() {
        SimBroker.Receiver r = broker.attach(process, RESULTS, 1 + world.random.nextInt(8), this::onResult);
        if (r == null) {
            world.after(process, 1000, this::consumeResults);
            return;
        }
        watch(r);
    }

    private void watch(SimBroker.Receiver r) {
        world.after(process, 1000, () -> {
            if (r.isOpen()) {
                watch(r);
            } else {
                consumeResults();
            }
        });
    }

    private void onResult(SimBroker.Delivery d) {
        SimBroker.Message m = d.message();
        replica.results.handle(m.body, m.bodyBytes, m.properties, d.deliveryCount()).subscribe().with(disposition -> {
            if (disposition == ResultHandler.Disposition.ACCEPT) {
                Object taskId = m.properties.get("weft-task-id");
                if (m.properties.containsKey(SimAgents.NOTICE)) {
                    // a start notice: nothing to account for
                } else if (taskId == null) {
                    anonymousAccepted[0]++;
                } else {
                    acceptedResults.merge(taskId.toString(), 1, Integer::sum);
                }
                broker.settle(d, true);
            } else {
                world.after(process, 500, () -> broker.settle(d, false));
            }
        }, failure -> world.after(process, 500, () -> broker.settle(d, false)));
    }

    /** The outbox relay's broker link, as AmqpTaskSender sends: properties, reply-to, body. */
    private final class Sender implements TaskSender {
        @Override
        public Uni<Void> send(OutboxMessage m) {
            Map<String, Object> properties = new LinkedHashMap<>(TaskHeaders.forSending(m, DEPLOYMENT));
            return broker.send(process, m.address(), broker.message(m.message(), properties, RESULTS));
        }
    }
}
