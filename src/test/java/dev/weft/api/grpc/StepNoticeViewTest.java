package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agents.CapabilityDemand;
import dev.weft.agents.LivenessView;
import dev.weft.api.v1.StepNotice;
import dev.weft.definition.DefinitionParser;
import dev.weft.definition.StepDefinition;
import dev.weft.engine.StepState;
import dev.weft.engine.StepStatus;
import dev.weft.store.AgentRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only a step whose task is out can wait on an agent, so only a RUNNING step carries the notice. */
class StepNoticeViewTest {
    static final Instant T = Instant.parse("2026-11-22T01:00:00Z");
    static final StepDefinition ASK = new DefinitionParser().parse("""
            name: w
            steps:
              - { id: ask, agent: lonely }
            """).step("ask").orElseThrow();
    static final LivenessView UNSERVED = LivenessView.compute(
            List.of(new AgentRecord("gone", List.of("lonely"), "1", "stopping", 5, T)), List.of(), T.plusSeconds(60));

    static StepState step(StepStatus status) {
        return new StepState("ask", status, 1, 0, "e:ask:1", null, null, null, null, null, false, T, T, T, null, null,
                null, null, null);
    }

    @Test
    void aRunningStepOnAnUnservedCapabilityCarriesTheNotice() {
        assertThat(ExecutionViews.step(step(StepStatus.RUNNING), ASK, "acme", UNSERVED).getNotice())
                .isEqualTo("no live agent for capability 'lonely' since 2026-11-22T01:00:00Z; "
                        + "the task waits in the broker");
    }

    @Test
    void aStepWithoutATaskOutCarriesNoNotice() {
        for (StepStatus status : StepStatus.values()) {
            if (status != StepStatus.RUNNING) {
                assertThat(ExecutionViews.step(step(status), ASK, "acme", UNSERVED).getNotice()).as("%s", status)
                        .isEmpty();
            }
        }
    }

    @Test
    void aServedCapabilityGivesNoNotice() {
        LivenessView served = LivenessView.compute(
                List.of(new AgentRecord("a", List.of("lonely"), "1", "alive", 5, T)),
                List.of(new CapabilityDemand("acme", "lonely", 1, T)), T.plusSeconds(1));
        assertThat(ExecutionViews.step(step(StepStatus.RUNNING), ASK, "acme", served).getNotice()).isEmpty();
    }

    @Test
    void aNoticeUpdateNamesTheCapabilityAndSinceWhenAndItsClearingNeither() {
        String notice = ExecutionViews.notice(step(StepStatus.RUNNING), ASK, "acme", UNSERVED);
        StepNotice set = ExecutionViews.stepNotice("ask", ASK, "acme", notice, UNSERVED);
        assertThat(set.getCapability()).isEqualTo("lonely");
        assertThat(ExecutionViews.instant(set.getUnservedSince())).isEqualTo(T);
        StepNotice cleared = ExecutionViews.stepNotice("ask", ASK, "acme", "", UNSERVED);
        assertThat(cleared.getNotice()).isEmpty();
        assertThat(cleared.hasUnservedSince()).isFalse();
    }
}
