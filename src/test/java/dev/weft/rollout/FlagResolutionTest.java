package dev.weft.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.definition.WorkflowClass;
import dev.weft.engine.RolloutDecision;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which value applies to a start (the most specific wins), and what the flag then decides. */
class FlagResolutionTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    static final FlagValue CONFIGURED = new FlagValue(RolloutPhase.ON, 100);

    @Test
    void withNothingSetTheConfiguredDefaultApplies() {
        ResolvedFlag f = FlagSettings.of(List.of()).resolve("acme", "report", CONFIGURED);
        assertThat(f.value()).isEqualTo(CONFIGURED);
        assertThat(f.scope()).isEqualTo(RolloutDecision.DEFAULT);
        assertThat(f.source()).isNull();
    }

    @Test
    void aWorkflowsOwnValueWinsOverItsTenantsWhichWinsOverTheDefault() {
        FlagSettings s = FlagSettings.of(List.of(
                change("acme", "report", RolloutPhase.SHADOW, 100),
                change("acme", "", RolloutPhase.SIMPLE, 50)));
        assertThat(s.resolve("acme", "report", CONFIGURED).value()).isEqualTo(new FlagValue(RolloutPhase.SHADOW, 100));
        assertThat(s.resolve("acme", "report", CONFIGURED).scope()).isEqualTo(RolloutDecision.WORKFLOW);
        assertThat(s.resolve("acme", "other", CONFIGURED).value()).isEqualTo(new FlagValue(RolloutPhase.SIMPLE, 50));
        assertThat(s.resolve("acme", "other", CONFIGURED).scope()).isEqualTo(RolloutDecision.TENANT);
        assertThat(s.resolve("globex", "report", CONFIGURED).scope()).isEqualTo(RolloutDecision.DEFAULT);
    }

    @Test
    void theNewestChangeOfAScopeIsItsValueAndAClearedOneFallsBackToTheLessSpecific() {
        FlagSettings s = FlagSettings.of(List.of(
                new FlagChange("acme", "report", null, "ops", T.plusSeconds(2)),
                change("acme", "report", RolloutPhase.OFF, 100),
                change("acme", "", RolloutPhase.COMPLEX, 100)));
        assertThat(s.resolve("acme", "report", CONFIGURED).scope()).isEqualTo(RolloutDecision.TENANT);
        assertThat(s.of("acme")).extracting(FlagChange::workflow).containsExactly("");
    }

    @Test
    void offRefusesEveryWorkflowNamingTheFlag() {
        Admission a = admit(RolloutPhase.OFF, 100, WorkflowClass.LINEAR, "r-1");
        assertThat(a).isInstanceOf(Admission.Refused.class);
        assertThat(((Admission.Refused) a).reason()).contains(RolloutFlag.NAME).contains("off");
    }

    @Test
    void simpleTakesLinearWorkflowsOnlyAndComplexUpToConditionalOnes() {
        assertThat(admit(RolloutPhase.SIMPLE, 100, WorkflowClass.LINEAR, "k")).isInstanceOf(Admission.Taken.class);
        assertThat(admit(RolloutPhase.SIMPLE, 100, WorkflowClass.PARALLEL, "k")).isInstanceOf(Admission.Refused.class);
        assertThat(admit(RolloutPhase.COMPLEX, 100, WorkflowClass.CONDITIONAL, "k")).isInstanceOf(Admission.Taken.class);
        assertThat(admit(RolloutPhase.COMPLEX, 100, WorkflowClass.ADVANCED, "k")).isInstanceOf(Admission.Refused.class);
        assertThat(admit(RolloutPhase.ON, 100, WorkflowClass.ADVANCED, "k")).isInstanceOf(Admission.Taken.class);
    }

    @Test
    void shadowTakesEveryWorkflowInShadowWhateverThePercentage() {
        RolloutDecision d = taken(RolloutPhase.SHADOW, 100, WorkflowClass.ADVANCED, "k");
        assertThat(d.shadow()).isTrue();
        assertThat(d.phase()).isEqualTo("shadow");
    }

    @Test
    void thePercentageSendsTheSameRequestIdToTheSameSideEveryTime() {
        for (int i = 0; i < 50; i++) {
            String key = "request-" + i;
            assertThat(taken(RolloutPhase.ON, 30, WorkflowClass.LINEAR, key))
                    .isEqualTo(taken(RolloutPhase.ON, 30, WorkflowClass.LINEAR, key));
        }
        assertThat(TrafficShare.bucket("request-7")).as("a fixed hash, the same on every JVM")
                .isEqualTo(TrafficShare.bucket("request-7")).isBetween(0, 99);
    }

    @Test
    void thePercentageSendsAboutThatShareLiveAndAllOrNoneAtItsEnds() {
        long live = IntStream.range(0, 10_000)
                .filter(i -> !taken(RolloutPhase.ON, 30, WorkflowClass.LINEAR, "req-" + i).shadow()).count();
        assertThat(live).isBetween(2_700L, 3_300L);
        assertThat(IntStream.range(0, 1_000).allMatch(i -> !taken(RolloutPhase.ON, 100, WorkflowClass.LINEAR,
                "req-" + i).shadow())).isTrue();
        assertThat(IntStream.range(0, 1_000).allMatch(i -> taken(RolloutPhase.ON, 0, WorkflowClass.LINEAR,
                "req-" + i).shadow())).isTrue();
    }

    @Test
    void theDecisionRecordsTheValueThatAppliedAndWhereTheStartFell() {
        RolloutDecision d = taken(RolloutPhase.COMPLEX, 40, WorkflowClass.PARALLEL, "req-1");
        assertThat(d.phase()).isEqualTo("complex");
        assertThat(d.percentage()).isEqualTo(40);
        assertThat(d.bucket()).isEqualTo(TrafficShare.bucket("req-1"));
        assertThat(d.shadow()).isEqualTo(d.bucket() >= 40);
        assertThat(d.scope()).isEqualTo(RolloutDecision.TENANT);
    }

    @Test
    void aPercentageOutsideZeroToHundredOrAnUnknownPhaseIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new FlagValue(RolloutPhase.ON, 101)).hasMessageStartingWith("percentage:");
        assertThatThrownBy(() -> new FlagValue(RolloutPhase.ON, -1)).hasMessageStartingWith("percentage:");
        assertThatThrownBy(() -> RolloutPhase.parse("phase", "half")).hasMessage(
                "phase: expected one of off, shadow, simple, complex, on, but got 'half'");
    }

    private static Admission admit(RolloutPhase phase, int percentage, WorkflowClass c, String key) {
        FlagSettings s = FlagSettings.of(List.of(change("acme", "", phase, percentage)));
        return Admission.of("wf", c, s.resolve("acme", "wf", CONFIGURED), key);
    }

    private static RolloutDecision taken(RolloutPhase phase, int percentage, WorkflowClass c, String key) {
        return ((Admission.Taken) admit(phase, percentage, c, key)).decision();
    }

    private static FlagChange change(String tenant, String workflow, RolloutPhase phase, int percentage) {
        return new FlagChange(tenant, workflow, new FlagValue(phase, percentage), "ops", T);
    }
}
