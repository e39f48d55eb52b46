package dev.weft.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.ExecutionEvent;
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
}
