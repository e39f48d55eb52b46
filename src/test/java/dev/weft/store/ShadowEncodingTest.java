package dev.weft.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.RolloutDecision;
import dev.weft.messaging.TaskHeaders;
import dev.weft.messaging.TaskMessage;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rollout decision is added to stored shapes without changing what older rows and live tasks look like. */
class ShadowEncodingTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void anExecutionStartedStoredBeforeTheFlagReadsAsLive() {
        String stored = """
                {"executionId":"ex","tenant":"t","workflow":"w","version":1,"input":{},"requestId":null,
                 "requestFingerprint":null,"deadline":"2026-01-02T00:00:00Z","traceparent":null,"parent":null,
                 "at":"2026-01-01T00:00:00Z"}""";
        var started = (ExecutionEvent.ExecutionStarted) EventCodec.decode("ExecutionStarted",
                EventCodec.SCHEMA_VERSION, stored);
        assertThat(started.rollout()).isNull();
        assertThat(started.shadow()).isFalse();
    }

    @Test
    void theRolloutDecisionSurvivesTheRoundTrip() {
        var started = new ExecutionEvent.ExecutionStarted("ex", "t", "w", 1, Map.of(), "r", null, T, null, null,
                new RolloutDecision(true, "on", 30, 77, RolloutDecision.WORKFLOW), T);
        var read = (ExecutionEvent.ExecutionStarted) EventCodec.decode("ExecutionStarted", EventCodec.SCHEMA_VERSION,
                EventCodec.encode(started));
        assertThat(read).isEqualTo(started);
        assertThat(read.shadow()).isTrue();
    }

    @Test
    void aLiveTaskKeepsItsBodyAndHeadersAndAShadowOneSaysShadowInBoth() {
        TaskMessage live = new TaskMessage("ex:a:1", "ex", "a", 1, "echo", "t", "ex:a", null, null, Map.of(), null);
        assertThat(Json.write(live)).doesNotContain("shadow");
        assertThat(TaskHeaders.of(live)).doesNotContainKey("weft-shadow");

        TaskMessage shadow = new TaskMessage("ex:a:1", "ex", "a", 1, "echo", "t", "ex:a", null, null, Map.of(), null,
                true);
        assertThat(TaskHeaders.of(shadow)).containsEntry("weft-shadow", true);
        // A row read back from the outbox derives its headers from the body: they must say shadow again.
        assertThat(TaskHeaders.of(Json.read(Json.write(shadow), TaskMessage.class))).containsEntry("weft-shadow", true);
    }
}
