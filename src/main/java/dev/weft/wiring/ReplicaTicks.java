package dev.weft.wiring;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** The replica's periodic work, on the Quarkus scheduler: the outbox sweep and the timer poll. */
@ApplicationScoped
public class ReplicaTicks {

    @Inject
    Replica replica;
    @Inject
    dev.weft.breaker.ReplicatedBreakers breakers;
    @Inject
    dev.weft.store.PgExecutionReader executions;

    /** Unsent rows are taken up at once after a start (those of a dead process once their claim ran out). */
    void onStart(@Observes StartupEvent event) {
        replica.relay.sweep().subscribe().with(x -> { });
        // A capability that may take tasks again (its breaker half-opened or closed, or this replica
        // got a probe permit): its held steps get another chance, in every execution that has some.
        breakers.onTransition(t -> {
            if (t.to() != dev.weft.breaker.BreakerState.OPEN) {
                releaseHeld(t.capability(), "circuit breaker of '" + t.capability() + "' went " + t.from() + " -> "
                        + t.to() + (t.reason() == null ? "" : ": " + t.reason()));
            }
        });
        breakers.onProbePermit(capability -> releaseHeld(capability, "a probe of '" + capability
                + "' may go out (circuit breaker half-open)"));
    }

    private void releaseHeld(String capability, String reason) {
        executions.withHeldSteps().subscribe().with(ids -> ids.forEach(id -> replica.runtime
                .submit(id, new dev.weft.engine.Command.ReleaseHeldSteps(capability, reason))
                .subscribe().with(x -> { }, e -> { })), e -> { });
    }

    /**
     * Held steps whose capability may take tasks again, released even when no transition said so:
     * the release on a transition or a granted permit is a wake-up that can be lost (the process
     * dies between the two, a step is held just after the release looked for held steps, or a
     * permit is granted before the held step it was claimed for is visible), and a half-open
     * breaker would then wait for a probe nobody sends. {@link dev.weft.breaker.CapabilityBreakers#mayRelease}
     * leaves capabilities that really refuse alone, so nothing churns.
     */
    @Scheduled(every = "${weft.breakers.held-sweep-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepHeld() {
        return executions.withHeldSteps().invoke(ids -> ids.forEach(id -> releaseWhereItMayGo(id)
                        .subscribe().with(x -> { }, e -> { })))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Releases the execution's held steps of every capability whose breaker may take them, and
     * says which capabilities those were. The capability is the step's definition's (the read
     * model does not store it), so the execution itself is asked; held executions are few, and
     * breakers that refuse cost no decision.
     */
    public Uni<List<String>> releaseWhereItMayGo(String executionId) {
        return replica.runtime.snapshot(executionId).chain(s -> {
            var blueprint = dev.weft.engine.Blueprint.of(s.definition(), s.state());
            List<String> capabilities = s.state().steps().values().stream()
                    .filter(step -> step.status() == dev.weft.engine.StepStatus.HELD)
                    .map(step -> blueprint.definitionOf(step.stepId()).agent(step.inFallback()))
                    .distinct()
                    .filter(breakers::mayRelease)
                    .toList();
            if (capabilities.isEmpty()) {
                return Uni.createFrom().item(capabilities);
            }
            return Uni.join().all(capabilities.stream().map(capability -> replica.runtime.submit(executionId,
                            new dev.weft.engine.Command.ReleaseHeldSteps(capability, "held steps swept: the circuit "
                                    + "breaker of '" + capability + "' may take tasks (" + breakers.status(capability)
                                    .map(b -> b.state().name()).orElse("CLOSED") + ")"))).toList())
                    .andCollectFailures().replaceWith(capabilities);
        });
    }

    @Scheduled(every = "${weft.outbox.sweep-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepOutbox() {
        return replica.relay.sweep();
    }

    @Scheduled(every = "${weft.timers.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> pollTimers() {
        return replica.timers.fireDue();
    }
}
