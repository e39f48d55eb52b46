package dev.weft.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.Eventually;
import dev.weft.testing.WeftTestResources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the component on one real database, each with its own LISTEN connection, on one
 * clock moved by hand. The clock is far in the future so that the application's own breakers
 * (on the system clock, same table) never find these rows due.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class BreakersAcrossReplicasTest {
    static final Instant T0 = Instant.parse("2100-01-01T00:00:00Z");
    static final BreakerSettings SETTINGS =
            new BreakerSettings(0.5, 4, Duration.ofSeconds(30), 3, 3, Duration.ofMinutes(10));
    static final Duration BOUND = Duration.ofSeconds(5);

    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    CircuitBreakerMaintenance maintenance;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;

    final ManualClock clock = new ManualClock(T0);
    final String cap = "cap-" + UUID.randomUUID().toString().substring(0, 8);
    final List<ReplicatedBreakers> started = new ArrayList<>();
    final List<BreakerTransition> transitions = new CopyOnWriteArrayList<>();
    ReplicatedBreakers a;
    ReplicatedBreakers b;

    /** Both replicas send tasks of the capability, so both know it before anything happens to it. */
    @BeforeEach
    void twoReplicas() {
        a = replica("a", true);
        b = replica("b", true);
        assertThat(a.admit(cap)).isEqualTo(Admission.ADMITTED);
        assertThat(b.admit(cap)).isEqualTo(Admission.ADMITTED);
    }

    @AfterEach
    void stop() {
        started.forEach(ReplicatedBreakers::close);
    }

    private ReplicatedBreakers replica(String name, boolean listening) {
        ReplicatedBreakers r = new ReplicatedBreakers(BreakerPolicy.of(SETTINGS), new PgBreakerStore(pool), clock,
                name + "-" + UUID.randomUUID().toString().substring(0, 8), maintenance, new SimpleMeterRegistry());
        r.onTransition(t -> {
            if (t.capability().equals(cap)) {
                transitions.add(t);
            }
        });
        r.start(listening ? new PgBreakerFeed(vertx, PgBreakerFeed.options(url, "postgres", null)) : BreakerFeed.NONE)
                .await().indefinitely();
        started.add(r);
        return r;
    }

    private static void fail(ReplicatedBreakers r, String cap, int times, Instant at) {
        for (int i = 0; i < times; i++) {
            r.record(cap, Outcome.timedOut(at));
        }
    }

    private BreakerState state(ReplicatedBreakers r) {
        return r.status(cap).map(BreakerStatus::state).orElse(null);
    }

    private void awaitState(String what, BreakerState state, ReplicatedBreakers... replicas) {
        Eventually.await(what, BOUND, () -> {
            for (ReplicatedBreakers r : replicas) {
                if (state(r) != state) {
                    return false;
                }
            }
            return true;
        });
    }

    private void openOnA() {
        fail(a, cap, 4, clock.instant());
        awaitState("both replicas see it open", BreakerState.OPEN, a, b);
    }

    private void halfOpen() {
        openOnA();
        clock.advance(SETTINGS.delay());
        a.tick().await().indefinitely();
        b.tick().await().indefinitely();
        awaitState("both replicas see it half-open", BreakerState.HALF_OPEN, a, b);
    }

    @Test
    void anOpeningOnOneReplicaRefusesOnTheOtherWithTheSameRetryTime() {
        openOnA();

        BreakerStatus onA = a.status(cap).orElseThrow();
        assertThat(b.admit(cap)).isEqualTo(new Admission.Refused(BreakerState.OPEN, T0.plus(SETTINGS.delay()),
                onA.reason()));
        assertThat(b.status(cap).orElseThrow()).satisfies(s -> {
            assertThat(s.since()).isEqualTo(onA.since());
            assertThat(s.epoch()).isEqualTo(onA.epoch());
            assertThat(s.changedBy()).startsWith("a-");
        });
        Eventually.await("the transition delivered on both", BOUND, () -> transitions.size() == 2);
        assertThat(transitions).allSatisfy(t -> assertThat(t.to()).isEqualTo(BreakerState.OPEN))
                .extracting(BreakerTransition::local).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void twoReplicasOpeningAtOnceMakeOneTransition() {
        fail(a, cap, 3, clock.instant());
        fail(b, cap, 3, clock.instant());

        // Both windows fill now; both compare-and-sets are in flight together.
        fail(a, cap, 1, clock.instant());
        fail(b, cap, 1, clock.instant());

        awaitState("both open", BreakerState.OPEN, a, b);
        Eventually.await("each replica reports the opening once", BOUND, () -> transitions.size() == 2);
        assertThat(transitions).extracting(BreakerTransition::epoch).containsOnly(1L);
        assertThat(transitions).filteredOn(BreakerTransition::local).hasSize(1);
        assertThat(a.status(cap).orElseThrow().retryAt()).isEqualTo(b.status(cap).orElseThrow().retryAt());
        assertThat(new PgBreakerStore(pool).load(cap).await().indefinitely()).hasValueSatisfying(row -> {
            assertThat(row.state()).isEqualTo(BreakerState.OPEN);
            assertThat(row.epoch()).isEqualTo(1);
        });
    }

    @Test
    void probesAreBoundedAcrossReplicas() {
        halfOpen();
        AtomicInteger probes = new AtomicInteger();
        Runnable bothAsk = () -> {
            for (ReplicatedBreakers r : List.of(a, b)) {
                if (r.admit(cap) instanceof Admission.Admitted admitted && admitted.probe()) {
                    probes.incrementAndGet();
                }
            }
        };

        Eventually.await("every permit claimed and used", BOUND, () -> {
            bothAsk.run();
            return probes.get() >= SETTINGS.probes();
        });
        // Both keep asking for a second more: every claim they start in that time must come back empty.
        long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < until) {
            bothAsk.run();
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }

        assertThat(probes.get()).isEqualTo(SETTINGS.probes());
        assertThat(new PgBreakerStore(pool).load(cap).await().indefinitely().orElseThrow().probesClaimed())
                .isEqualTo(SETTINGS.probes());
    }

    @Test
    void permitsClaimedByAReplicaThatDiedBeforeSendingReopenItOnTheOther() {
        halfOpen();
        Eventually.await("a claims a permit", BOUND,
                () -> a.admit(cap) instanceof Admission.Admitted admitted && admitted.probe());
        a.dispatched(cap, clock.instant().plusSeconds(60));
        Eventually.await("a claims another", BOUND,
                () -> a.admit(cap) instanceof Admission.Admitted admitted && admitted.probe());
        Eventually.await("the probe sent is counted", BOUND, () -> new PgBreakerStore(pool).load(cap)
                .await().indefinitely().orElseThrow().probesDispatched() == 1);
        a.close(); // killed before it sent the second probe
        started.remove(a);

        clock.advance(HalfOpenRounds.PROBE_SEND_TIMEOUT);
        b.tick().await().indefinitely();

        awaitState("b reopens it", BreakerState.OPEN, b);
        assertThat(b.status(cap).orElseThrow().reason()).startsWith("1 of 2 probe permits claimed were not used");
    }

    @Test
    void probeSuccessesLearntOnEitherReplicaCloseItForBoth() {
        halfOpen();
        Instant probing = clock.instant();

        a.record(cap, Outcome.succeeded(probing));
        b.record(cap, Outcome.succeeded(probing));
        Eventually.await("two successes counted", BOUND,
                () -> a.status(cap).orElseThrow().probeSuccesses() == 2);
        b.record(cap, Outcome.succeeded(probing));

        awaitState("closed on both", BreakerState.CLOSED, a, b);
        assertThat(a.admit(cap)).isEqualTo(Admission.ADMITTED);
        assertThat(b.admit(cap)).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void aProbeFailureOnOneReplicaReopensItForBoth() {
        halfOpen();
        clock.advance(Duration.ofSeconds(3));

        b.record(cap, Outcome.failed(clock.instant(), "agent_error", true));

        awaitState("open again on both", BreakerState.OPEN, a, b);
        assertThat(a.status(cap).orElseThrow().reason()).isEqualTo("a probe failed (agent_error)");
        assertThat(a.status(cap).orElseThrow().retryAt()).isEqualTo(clock.instant().plus(SETTINGS.delay()));
    }

    @Test
    void aNewInstanceReadsTheStateBack() {
        openOnA();
        BreakerStatus before = a.status(cap).orElseThrow();
        a.close();
        b.close();

        ReplicatedBreakers restarted = replica("restarted", true);

        BreakerStatus after = restarted.status(cap).orElseThrow();
        assertThat(after.state()).isEqualTo(BreakerState.OPEN);
        assertThat(after.since()).isEqualTo(before.since());
        assertThat(after.retryAt()).isEqualTo(before.retryAt());
        assertThat(after.reason()).isEqualTo(before.reason());
        assertThat(restarted.admit(cap)).isInstanceOf(Admission.Refused.class);
    }

    @Test
    void aReplicaThatMissedTheAnnouncementCatchesUpOnItsTick() {
        ReplicatedBreakers deaf = replica("deaf", false);

        openOnA();
        assertThat(deaf.admit(cap)).as("it has not heard yet").isEqualTo(Admission.ADMITTED);
        deaf.tick().await().indefinitely();

        assertThat(state(deaf)).isEqualTo(BreakerState.OPEN);
        assertThat(deaf.admit(cap)).isInstanceOf(Admission.Refused.class);
    }

    @Test
    void aProbeOutcomeReachingAReplicaThatHasNotHeardOfTheProbingStillCounts() {
        ReplicatedBreakers deaf = replica("deaf", false);
        openOnA();
        deaf.tick().await().indefinitely();
        assertThat(state(deaf)).isEqualTo(BreakerState.OPEN);
        clock.advance(SETTINGS.delay());
        a.tick().await().indefinitely();
        awaitState("half-open where it is heard of", BreakerState.HALF_OPEN, a, b);
        assertThat(state(deaf)).isEqualTo(BreakerState.OPEN);

        Instant probeSent = clock.instant();
        for (int i = 0; i < SETTINGS.successThreshold(); i++) {
            deaf.record(cap, Outcome.succeeded(probeSent));
        }

        awaitState("closed by the probe successes the deaf replica learnt", BreakerState.CLOSED, a, b, deaf);
    }
}
