package dev.weft.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.ExecutionEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Arrays;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Added optional fields keep the schema version: older rows read them as absent. */
class EventCodecTest {
    static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void aStepSkippedStoredBeforeBranchesReadsAsNotABranchDecision() {
        ExecutionEvent e = EventCodec.decode("StepSkipped", EventCodec.SCHEMA_VERSION,
                "{\"stepId\":\"b\",\"reason\":\"dependency 'a' failed\",\"blocksDependents\":true,"
                        + "\"at\":\"2030-01-01T00:00:00Z\"}");

        assertThat(e).isEqualTo(new ExecutionEvent.StepSkipped("b", "dependency 'a' failed", true, AT));
        assertThat(((ExecutionEvent.StepSkipped) e).branch()).isFalse();
    }

    @Test
    void branchDecisionsAndBuiltInStepsRoundTrip() {
        var skipped = new ExecutionEvent.StepSkipped("quick", "when", false, true, "input.n > 1", false, AT);
        var evaluated = new ExecutionEvent.StepEvaluated("route", "switch", Map.of("case", "deep"), AT);

        assertThat(EventCodec.decode("StepSkipped", EventCodec.SCHEMA_VERSION, EventCodec.encode(skipped)))
                .isEqualTo(skipped);
        assertThat(EventCodec.decode("StepEvaluated", EventCodec.SCHEMA_VERSION, EventCodec.encode(evaluated)))
                .isEqualTo(evaluated);
    }

    @Test
    void everyEventIsRegisteredForReflectionSoANativeImageCanReadItsPayload() {
        RegisterForReflection registration = EventCodec.class.getAnnotation(RegisterForReflection.class);

        assertThat(registration).isNotNull();
        assertThat(Arrays.asList(registration.targets())).containsAll(
                Arrays.asList(ExecutionEvent.class.getPermittedSubclasses()));
    }

    @Test
    void aChainedWorkflowEventReadsBackEqual() {
        var event = new ExecutionEvent.WorkflowChained("on_complete", 0, "publish", "chain:1:e:on_complete:9:0",
                java.util.Map.of("title", "x"), null, java.time.Instant.parse("2031-01-01T00:00:00Z"));

        assertThat(EventCodec.decode(EventCodec.type(event), EventCodec.SCHEMA_VERSION, EventCodec.encode(event)))
                .isEqualTo(event);
    }
}
