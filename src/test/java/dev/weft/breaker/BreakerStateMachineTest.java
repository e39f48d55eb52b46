package dev.weft.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.testing.WeftTestResources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One replica's breaker, step by step on a clock moved by hand and a store that answers at once.
 * A @QuarkusTest because SmallRye's programmatic Guard runs inside the CDI container.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class BreakerStateMachineTest {
    static final Instant T0 = Instant.parse("2031-03-01T10:00:00Z");
    static final BreakerSettings SETTINGS =
            new BreakerSettings(0.5, 4, Duration.ofSeconds(30), 2, 2, Duration.ofMinutes(10));
    static final String CAP = "web-search";

    @Inject
    CircuitBreakerMaintenance maintenance;

    final ManualClock clock = new ManualClock(T0);
    final InMemoryBreakerStore store = new InMemoryBreakerStore();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<BreakerTransition> transitions = new ArrayList<>();
    final List<String> permits = new ArrayList<>();
    ReplicatedBreakers breakers;

    @BeforeEach
    void start() {
        breakers = new ReplicatedBreakers(BreakerPolicy.of(SETTINGS), store, clock,
                "replica-" + UUID.randomUUID(), maintenance, meters);
        breakers.onTransition(transitions::add);
        breakers.onProbePermit(permits::add);
        breakers.start(BreakerFeed.NONE).await().indefinitely();
    }

    private void outcomes(Outcome... outcomes) {
        for (Outcome o : outcomes) {
            breakers.record(CAP, o);
        }
    }

    private Outcome ok() {
        return Outcome.succeeded(clock.instant());
    }

    private Outcome timeout() {
        return Outcome.timedOut(clock.instant());
    }

    private BreakerStatus status() {
        return breakers.status(CAP).orElseThrow();
    }

    private void open() {
        outcomes(timeout(), timeout(), timeout(), timeout());
        assertThat(status().state()).isEqualTo(BreakerState.OPEN);
    }

    /** Opens it, waits out the delay and claims every probe permit; returns the probes admitted. */
    private int halfOpenWithAllProbesOut() {
        open();
        clock.advance(SETTINGS.delay());
        breakers.tick().await().indefinitely();
        int probes = 0;
        for (int i = 0; i < 10; i++) {
            if (breakers.admit(CAP) instanceof Admission.Admitted a && a.probe()) {
                probes++;
            }
        }
        return probes;
    }

    @Test
    void opensWhenHalfOfAFullWindowFailedAndSaysWhy() {
        outcomes(ok(), timeout(), Outcome.failed(clock.instant(), "agent_error", true));
        assertThat(status().state()).as("three outcomes do not fill a window of four").isEqualTo(BreakerState.CLOSED);
        assertThat(breakers.admit(CAP)).isEqualTo(Admission.ADMITTED);

        outcomes(ok());

        BreakerStatus open = status();
        assertThat(open.state()).isEqualTo(BreakerState.OPEN);
        assertThat(open.since()).isEqualTo(T0);
        assertThat(open.retryAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(open.reason()).isEqualTo("2 of the last 4 tasks failed or timed out (failure ratio 0.5)");
        assertThat(open.recentCalls()).isEqualTo(4);
        assertThat(open.recentFailures()).isEqualTo(2);
        assertThat(transitions).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(BreakerState.CLOSED);
            assertThat(t.to()).isEqualTo(BreakerState.OPEN);
            assertThat(t.local()).isTrue();
            assertThat(t.epoch()).isEqualTo(1);
        });
        assertThat(store.row(CAP).state()).as("the shared row").isEqualTo(BreakerState.OPEN);
    }

    @Test
    void aRefusalOfBadInputDoesNotCountAgainstTheCapability() {
        for (int i = 0; i < 8; i++) {
            outcomes(Outcome.failed(clock.instant(), "bad_input", false));
        }
        assertThat(status().state()).isEqualTo(BreakerState.CLOSED);
        assertThat(status().recentFailures()).isZero();
        assertThat(status().recentCalls()).isEqualTo(4);
    }

    @Test
    void refusesUntilTheDelayRanOutAndCountsNothingMeanwhile() {
        open();
        clock.advance(Duration.ofSeconds(29));
        breakers.tick().await().indefinitely();
        outcomes(ok(), ok(), ok());

        assertThat(breakers.admit(CAP)).isEqualTo(new Admission.Refused(BreakerState.OPEN, T0.plusSeconds(30),
                "4 of the last 4 tasks failed or timed out (failure ratio 0.5)"));
        assertThat(status().state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void halfOpensAfterTheDelayAndLetsOnlyTheProbesThrough() {
        open();
        clock.advance(SETTINGS.delay());
        breakers.tick().await().indefinitely();
        assertThat(status().state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(transitions).extracting(BreakerTransition::to)
                .containsExactly(BreakerState.OPEN, BreakerState.HALF_OPEN);

        assertThat(breakers.admit(CAP)).as("no permit held yet: refused, and one is claimed")
                .isInstanceOf(Admission.Refused.class);
        assertThat(permits).containsExactly(CAP);
        assertThat(breakers.admit(CAP)).isEqualTo(Admission.PROBE);
        assertThat(breakers.admit(CAP)).isInstanceOf(Admission.Refused.class);
        assertThat(breakers.admit(CAP)).isEqualTo(Admission.PROBE);
        for (int i = 0; i < 5; i++) {
            assertThat(breakers.admit(CAP)).as("the two probes are out").isInstanceOfSatisfying(
                    Admission.Refused.class, r -> {
                        assertThat(r.state()).isEqualTo(BreakerState.HALF_OPEN);
                        assertThat(r.retryAt()).isNull();
                    });
        }
        assertThat(permits).hasSize(2);
        assertThat(status().probesClaimed()).isEqualTo(2);
    }

    @Test
    void closesWhenTheProbesSucceed() {
        assertThat(halfOpenWithAllProbesOut()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(5));

        outcomes(ok());
        assertThat(status().state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(status().probeSuccesses()).isEqualTo(1);
        outcomes(ok());

        assertThat(status().state()).isEqualTo(BreakerState.CLOSED);
        assertThat(status().reason()).isEqualTo("2 probes succeeded");
        assertThat(status().recentCalls()).as("a closed breaker counts anew").isZero();
        assertThat(breakers.admit(CAP)).isEqualTo(Admission.ADMITTED);
        assertThat(transitions).extracting(BreakerTransition::to)
                .containsExactly(BreakerState.OPEN, BreakerState.HALF_OPEN, BreakerState.CLOSED);
    }

    @Test
    void reopensOnAFailedProbe() {
        halfOpenWithAllProbesOut();
        clock.advance(Duration.ofSeconds(5));
        Instant failedAt = clock.instant();

        outcomes(ok(), timeout());

        BreakerStatus reopened = status();
        assertThat(reopened.state()).isEqualTo(BreakerState.OPEN);
        assertThat(reopened.reason()).isEqualTo("a probe timed out");
        assertThat(reopened.retryAt()).isEqualTo(failedAt.plus(SETTINGS.delay()));
        assertThat(transitions).extracting(BreakerTransition::to)
                .containsExactly(BreakerState.OPEN, BreakerState.HALF_OPEN, BreakerState.OPEN);
    }

    @Test
    void aLateAnswerToItsOwnWriteDoesNotUndoANewerReadOfTheSameEpoch() {
        // Three successes close it here, so two are counted within one half-open epoch.
        BreakerSettings threeToClose = new BreakerSettings(0.5, 4, Duration.ofSeconds(30), 3, 3, Duration.ofMinutes(10));
        AnswerHeldBackStore slow = new AnswerHeldBackStore(store);
        ReplicatedBreakers replica = new ReplicatedBreakers(BreakerPolicy.of(threeToClose), slow, clock,
                "replica-" + UUID.randomUUID(), maintenance, new SimpleMeterRegistry());
        replica.start(BreakerFeed.NONE).await().indefinitely();
        for (int i = 0; i < 4; i++) {
            replica.record(CAP, timeout());
        }
        clock.advance(threeToClose.delay());
        replica.tick().await().indefinitely();
        BreakerStatus halfOpen = replica.status(CAP).orElseThrow();
        assertThat(halfOpen.state()).isEqualTo(BreakerState.HALF_OPEN);

        // This replica's success is written; the answer (one success) is still on its way...
        slow.holdNextProbeSuccessAnswer();
        replica.record(CAP, ok());
        // ...when another replica's success is written, and this one re-reads the row (two).
        store.probeSucceeded(CAP, halfOpen.epoch(), 3, clock.instant(), "other-replica", "3 probes succeeded")
                .await().indefinitely();
        replica.tick().await().indefinitely();
        assertThat(replica.status(CAP).orElseThrow().probeSuccesses()).isEqualTo(2);

        slow.release();

        assertThat(replica.status(CAP).orElseThrow().probeSuccesses()).as("the older row of the epoch is not taken")
                .isEqualTo(2);
        replica.record(CAP, ok());
        assertThat(replica.status(CAP).orElseThrow().state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void outcomesOfTasksSentBeforeTheProbesDoNotDecide() {
        Instant sentWhileClosed = clock.instant();
        halfOpenWithAllProbesOut();

        outcomes(Outcome.timedOut(sentWhileClosed), Outcome.succeeded(sentWhileClosed));

        assertThat(status().state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(status().probeSuccesses()).isZero();
    }

    @Test
    void probesSentWithoutADecisionReopenItAfterTheHalfOpenTimeout() {
        halfOpenWithAllProbesOut();
        breakers.dispatched(CAP, clock.instant().plusSeconds(60));
        breakers.dispatched(CAP, clock.instant().plusSeconds(30));
        clock.advance(SETTINGS.halfOpenTimeout().plusSeconds(59));
        breakers.tick().await().indefinitely();
        assertThat(status().state()).as("the half-open timeout counts from the probes' deadline")
                .isEqualTo(BreakerState.HALF_OPEN);

        clock.advance(Duration.ofSeconds(1));
        breakers.tick().await().indefinitely();

        assertThat(status().state()).isEqualTo(BreakerState.OPEN);
        assertThat(status().reason()).isEqualTo("no decision within PT10M of the last probe deadline");
    }

    @Test
    void aSlowProbeIsWaitedForPastTheSendTimeoutAndItsSuccessCounts() {
        halfOpenWithAllProbesOut();
        breakers.dispatched(CAP, clock.instant().plus(Duration.ofHours(1)));
        breakers.dispatched(CAP, clock.instant().plus(Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(40));
        breakers.tick().await().indefinitely();
        assertThat(status().state()).isEqualTo(BreakerState.HALF_OPEN);

        outcomes(ok(), ok());

        assertThat(status().state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void probePermitsClaimedButNeverSentReopenItWithinTheSendTimeout() {
        // The replica that claimed them was killed between the claim and the commit of the dispatch.
        assertThat(halfOpenWithAllProbesOut()).isEqualTo(2);
        breakers.dispatched(CAP, clock.instant().plusSeconds(60));
        clock.advance(HalfOpenRounds.PROBE_SEND_TIMEOUT.minusSeconds(1));
        breakers.tick().await().indefinitely();
        assertThat(status().state()).isEqualTo(BreakerState.HALF_OPEN);

        clock.advance(Duration.ofSeconds(1));
        breakers.tick().await().indefinitely();

        assertThat(status().state()).isEqualTo(BreakerState.OPEN);
        assertThat(status().reason()).isEqualTo("1 of 2 probe permits claimed were not used within PT15S "
                + "(the replica that claimed them stopped, or had no task for them)");
        clock.advance(SETTINGS.delay());
        breakers.tick().await().indefinitely();
        assertThat(status().state()).as("a new round with fresh permits").isEqualTo(BreakerState.HALF_OPEN);
        assertThat(status().probesClaimed()).isZero();
    }

    @Test
    void heldTasksAreWorthReleasingOnlyWhileAPermitCanBeClaimedOrIsHeldUnused() {
        assertThat(breakers.mayRelease("never-seen")).as("an unknown capability refuses nothing").isTrue();
        outcomes(ok());
        assertThat(breakers.mayRelease(CAP)).as("closed").isTrue();
        open();
        assertThat(breakers.mayRelease(CAP)).as("open").isFalse();
        clock.advance(SETTINGS.delay());
        breakers.tick().await().indefinitely();
        assertThat(breakers.mayRelease(CAP)).as("half-open, no permit claimed yet").isTrue();

        assertThat(breakers.admit(CAP)).isInstanceOf(Admission.Refused.class); // claims the first permit
        assertThat(breakers.admit(CAP)).isEqualTo(Admission.PROBE);
        assertThat(breakers.mayRelease(CAP)).as("one permit of two still to claim").isTrue();
        assertThat(breakers.admit(CAP)).isInstanceOf(Admission.Refused.class); // claims the second
        assertThat(status().probesClaimed()).isEqualTo(2);
        assertThat(breakers.mayRelease(CAP)).as("every permit claimed, one held here unused: a lost wake-up")
                .isTrue();

        assertThat(breakers.admit(CAP)).isEqualTo(Admission.PROBE);
        assertThat(breakers.mayRelease(CAP)).as("both probes are out: releasing would only hold them again")
                .isFalse();
    }

    @Test
    void aHalfOpenBreakerWithoutDemandWaitsForItsProbes() {
        open();
        clock.advance(SETTINGS.delay());
        breakers.tick().await().indefinitely();
        clock.advance(Duration.ofHours(5));
        breakers.tick().await().indefinitely();

        assertThat(status().state()).as("no probe was claimed, so none is overdue").isEqualTo(BreakerState.HALF_OPEN);
    }

    @Test
    void aResetClosesItWhateverItsStateAndSaysWho() {
        open();

        BreakerStatus reset = breakers.reset(CAP, "alice").await().indefinitely();

        assertThat(reset.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(reset.reason()).isEqualTo("reset by alice");
        assertThat(breakers.admit(CAP)).isEqualTo(Admission.ADMITTED);
        assertThat(transitions).last().satisfies(t -> {
            assertThat(t.from()).isEqualTo(BreakerState.OPEN);
            assertThat(t.to()).isEqualTo(BreakerState.CLOSED);
        });
        assertThatThrownBy(() -> breakers.reset("never-seen", "alice").await().indefinitely())
                .isInstanceOf(UnknownCapabilityException.class).hasMessageContaining("'never-seen'");
    }

    @Test
    void aCapabilityIsKnownFromItsFirstTaskOn() {
        assertThat(breakers.status("summarizer")).isEmpty();

        assertThat(breakers.admit("summarizer")).isEqualTo(Admission.ADMITTED);

        assertThat(breakers.status("summarizer")).hasValueSatisfying(s -> {
            assertThat(s.state()).isEqualTo(BreakerState.CLOSED);
            assertThat(s.settings()).isEqualTo(SETTINGS);
        });
        assertThat(store.row("summarizer")).as("registered for the other replicas").isNotNull();
        assertThat(breakers.all()).extracting(BreakerStatus::capability).contains("summarizer");
    }

    @Test
    void theStateGaugeAndTheTransitionsCounterFollowTheBreaker() {
        breakers.admit(CAP);
        assertThat(meters.get("weft.breaker.state").tag("capability", CAP).gauge().value()).isZero();
        open();
        assertThat(meters.get("weft.breaker.state").tag("capability", CAP).gauge().value()).isEqualTo(2);
        clock.advance(SETTINGS.delay());
        breakers.tick().await().indefinitely();
        assertThat(meters.get("weft.breaker.state").tag("capability", CAP).gauge().value()).isEqualTo(1);

        assertThat(meters.get("weft.breaker.transitions").tags("capability", CAP, "from", "CLOSED", "to", "OPEN")
                .counter().count()).isEqualTo(1);
        assertThat(meters.get("weft.breaker.transitions").tags("capability", CAP, "from", "OPEN", "to", "HALF_OPEN")
                .counter().count()).isEqualTo(1);
    }
}
