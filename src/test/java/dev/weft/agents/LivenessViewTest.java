package dev.weft.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.store.AgentRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The liveness rule of docs/agent-protocol.md §8 applied to heartbeats at given times. */
class LivenessViewTest {
    static final Instant T = Instant.parse("2026-11-22T01:00:00Z");

    static AgentRecord alive(String id, int interval, Instant lastHeartbeat, String... capabilities) {
        return new AgentRecord(id, List.of(capabilities), "0.1.0", "alive", interval, lastHeartbeat);
    }

    static AgentRecord stopping(String id, Instant at, String... capabilities) {
        return new AgentRecord(id, List.of(capabilities), "0.1.0", "stopping", 5, at);
    }

    static LivenessView view(Instant now, List<AgentRecord> agents, CapabilityDemand... demand) {
        return LivenessView.compute(agents, List.of(demand), now);
    }

    @Test
    void anAgentIsAliveUntilItsLastHeartbeatIsThreeIntervalsOld() {
        AgentRecord a = alive("a", 5, T, "x");
        assertThat(AgentLiveness.isAlive(a, T.plusMillis(14_999))).isTrue();
        assertThat(AgentLiveness.isAlive(a, T.plusSeconds(15))).isFalse();
        assertThat(view(T.plusMillis(14_999), List.of(a)).liveAgents("x")).isEqualTo(1);
        assertThat(view(T.plusSeconds(15), List.of(a)).liveAgents("x")).isZero();
    }

    @Test
    void anExpiredCapabilityIsUnservedSinceItsLastHeartbeatPlusThreeIntervals() {
        LivenessView v = view(T.plusSeconds(60), List.of(alive("a", 5, T, "x")));
        assertThat(v.status("acme", "x")).hasValueSatisfying(s -> {
            assertThat(s.served()).isFalse();
            assertThat(s.unservedSince()).isEqualTo(T.plusSeconds(15));
        });
        assertThat(v.notice("acme", "x"))
                .isEqualTo("no live agent for capability 'x' since 2026-11-22T01:00:15Z; the task waits in the broker");
    }

    @Test
    void aStoppingHeartbeatEndsLivenessAtOnce() {
        LivenessView v = view(T.plusSeconds(1), List.of(stopping("a", T, "x")));
        assertThat(v.liveAgents("x")).isZero();
        assertThat(v.status("acme", "x").orElseThrow().unservedSince()).isEqualTo(T);
    }

    @Test
    void anUnservedCapabilityIsUnservedSinceItsLastAgentDied() {
        // a is gone at T+15 (3 x 5 s), b at T+10+6 (3 x 2 s), c said goodbye at T+12.
        LivenessView v = view(T.plusSeconds(30), List.of(alive("a", 5, T, "x"), alive("b", 2, T.plusSeconds(10), "x"),
                stopping("c", T.plusSeconds(12), "x")));
        assertThat(v.status("acme", "x").orElseThrow().unservedSince()).isEqualTo(T.plusSeconds(16));
    }

    @Test
    void oneLiveAgentServesTheCapabilityWhateverTheDeadOnesSay() {
        LivenessView v = view(T.plusSeconds(20), List.of(alive("a", 5, T, "x", "y"),
                alive("b", 5, T.plusSeconds(18), "x"), alive("c", 5, T.plusSeconds(19), "x")),
                new CapabilityDemand("acme", "x", 3, T));
        assertThat(v.liveAgents("x")).isEqualTo(2);
        assertThat(v.liveAgents("y")).isZero();
        assertThat(v.status("acme", "x").orElseThrow()).isEqualTo(new CapabilityStatus("x", 2, null, 3));
        assertThat(v.notice("acme", "x")).isEmpty();
    }

    @Test
    void aCapabilityNoAgentEverServedIsUnservedSinceTheEngineFirstNeededIt() {
        LivenessView v = view(T.plusSeconds(600), List.of(alive("a", 5, T.plusSeconds(599), "other")),
                new CapabilityDemand("acme", "x", 2, T.plusSeconds(7)),
                new CapabilityDemand("acme", "x", 1, T.plusSeconds(3)));
        assertThat(v.status("acme", "x").orElseThrow()).isEqualTo(new CapabilityStatus("x", 0, T.plusSeconds(3), 3));
        assertThat(v.notice("acme", "x"))
                .isEqualTo("no live agent for capability 'x' since 2026-11-22T01:00:03Z; the task waits in the broker");
    }

    @Test
    void aCapabilityNeitherAnnouncedNorNeededAtTheRefreshHasNoNoticeYet() {
        LivenessView v = view(T, List.of(alive("a", 5, T, "other")));
        assertThat(v.status("acme", "x")).isEmpty();
        assertThat(v.notice("acme", "x")).isEmpty();
        assertThat(LivenessView.EMPTY.notice("acme", "x")).isEmpty();
    }

    @Test
    void anotherTenantsNeedIsNeitherListedNorDatedForATenant() {
        LivenessView v = view(T, List.of(alive("a", 5, T, "shared")), new CapabilityDemand("acme", "secret", 1, T));
        assertThat(v.status("globex", "secret")).isEmpty();
        assertThat(v.capabilities("globex")).extracting(CapabilityStatus::capability).containsExactly("shared");
        assertThat(v.capabilities("acme")).extracting(CapabilityStatus::capability).containsExactly("secret", "shared");
    }

    @Test
    void overallSumsTheTasksOfAllTenantsWithTheEarliestNeed() {
        LivenessView v = view(T.plusSeconds(100), List.of(),
                new CapabilityDemand("acme", "x", 2, T.plusSeconds(9)),
                new CapabilityDemand("globex", "x", 1, T.plusSeconds(4)));
        assertThat(v.overall()).containsExactly(new CapabilityStatus("x", 0, T.plusSeconds(4), 3));
    }

    @Test
    void aCapabilityAnnouncedTwiceByOneAgentCountsOnce() {
        assertThat(view(T, List.of(alive("a", 5, T, "x", "x"))).liveAgents("x")).isEqualTo(1);
    }

    @Test
    void anIntervalBelowOneSecondCountsAsOneSecond() {
        AgentRecord a = alive("a", 0, T, "x");
        assertThat(AgentLiveness.isAlive(a, T.plusMillis(2_999))).isTrue();
        assertThat(AgentLiveness.goneAt(a)).isEqualTo(T.plusSeconds(3));
    }
}
