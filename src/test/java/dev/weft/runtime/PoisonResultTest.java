package dev.weft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.Command;
import dev.weft.messaging.ResultHandler;
import dev.weft.messaging.ResultHandler.Disposition;
import dev.weft.store.DeadLetter;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A result redelivered many times is set aside as poison only when its decision keeps failing;
 * one that failed for other reasons (a database outage) is recorded as soon as it can be.
 */
class PoisonResultTest {
    static final String TWO_STEPS = """
            name: two
            steps:
              - { id: a, agent: w }
              - { id: b, agent: w, depends_on: [a], input: { from: "{{ steps.a.output }}" } }
            """;
    static final int MAX_DELIVERIES = 20;

    final RuntimeFixture f = new RuntimeFixture(TWO_STEPS);
    final List<DeadLetter> kept = new ArrayList<>();
    final ResultHandler handler = new ResultHandler(f.runtime, letter -> {
        kept.add(letter);
        return Uni.createFrom().item((long) kept.size());
    }, () -> Instant.parse("2030-01-01T00:00:00Z"),
            new ResultHandler.Settings(1 << 20, MAX_DELIVERIES, 1 << 16, () -> "deployment-1"));

    private Disposition deliver(int deliveries) {
        String body = "{\"taskId\":\"ex:a:1\",\"executionId\":\"ex\",\"stepId\":\"a\",\"attempt\":1,"
                + "\"agentId\":\"agent-1\",\"status\":\"completed\",\"output\":\"found\"}";
        return handler.handle(body, body.length(), Map.of("weft-task-id", "ex:a:1", "weft-tenant", "t",
                "weft-agent-id", "agent-1"), deliveries).await().indefinitely();
    }

    private void started() {
        f.runtime.start(f.definition, new Command.StartExecution("ex", "t", Map.of(), null)).await().indefinitely();
    }

    @Test
    void aResultWhoseDecisionFailsIsReleasedThenKeptAsPoisonOnceRedeliveredTooOften() {
        started();
        f.expressionsBreak = true; // deciding on this result throws, every time

        assertThat(deliver(1)).isEqualTo(Disposition.RELEASE);
        assertThat(kept).isEmpty();

        assertThat(deliver(MAX_DELIVERIES)).isEqualTo(Disposition.ACCEPT);
        assertThat(kept).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).startsWith("not recorded after 20 deliveries: deciding for execution ex failed");
            assertThat(letter.taskId()).isEqualTo("ex:a:1");
        });
    }

    @Test
    void aResultRedeliveredTooOftenThatCanBeRecordedIsRecorded() {
        started();

        assertThat(deliver(MAX_DELIVERIES + 5)).isEqualTo(Disposition.ACCEPT);

        assertThat(kept).isEmpty();
        assertThat(f.runtime.state("ex").await().indefinitely().step("a").status())
                .isEqualTo(dev.weft.engine.StepStatus.COMPLETED);
    }
}
