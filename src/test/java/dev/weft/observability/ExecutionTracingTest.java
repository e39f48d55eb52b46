package dev.weft.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.ExecutionStatus;
import dev.weft.testing.Eventually;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One trace per execution: its start, each step, each task's send to the broker and each result
 * are spans of the trace its tasks carry in {@code traceparent}, as exported.
 */
@QuarkusTest
@TestProfile(TracingProfile.class)
@QuarkusTestResource(WeftTestResources.class)
class ExecutionTracingTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final AttributeKey<String> EXECUTION = AttributeKey.stringKey("weft.execution.id");

    @Inject
    InMemorySpanExporter exported;

    final WeftClient client = new WeftClient();

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void anExecutionsStartStepsSendsAndResultsAreSpansOfOneTrace() {
        client.register("""
                name: traced
                steps:
                  - id: first
                    agent: echo
                    input: { a: 1 }
                  - id: second
                    agent: echo
                    depends_on: [first]
                    input: { b: 2 }
                """);
        String id = client.start("traced", "{}");
        assertThat(client.awaitEnd(id).getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);

        Eventually.await("the execution's span is exported", WAIT, () -> spansOf(id).stream()
                .anyMatch(s -> s.getName().equals("weft.execution traced")));
        List<SpanData> spans = spansOf(id);
        assertThat(spans).extracting(SpanData::getName).containsExactlyInAnyOrder(
                "weft.start traced", "send weft.tasks.echo", "process weft.results", "weft.step first",
                "send weft.tasks.echo", "process weft.results", "weft.step second", "weft.execution traced");
        assertThat(spans).extracting(SpanData::getTraceId).as("one trace").containsOnly(spans.get(0).getTraceId());
        assertThat(spans.stream().filter(s -> s.getKind() == SpanKind.PRODUCER))
                .allSatisfy(s -> {
                    assertThat(s.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("amqp");
                    assertThat(s.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")))
                            .isEqualTo("weft.tasks.echo");
                    assertThat(s.getEndEpochNanos()).isGreaterThanOrEqualTo(s.getStartEpochNanos());
                });
        assertThat(spans.stream().filter(s -> s.getKind() == SpanKind.CONSUMER)).hasSize(2);
        SpanData execution = spans.stream().filter(s -> s.getName().startsWith("weft.execution")).findFirst().orElseThrow();
        SpanData first = spans.stream().filter(s -> s.getName().equals("weft.step first")).findFirst().orElseThrow();
        SpanData second = spans.stream().filter(s -> s.getName().equals("weft.step second")).findFirst().orElseThrow();
        assertThat(first.getEndEpochNanos()).as("the steps ran one after the other")
                .isLessThanOrEqualTo(second.getStartEpochNanos());
        assertThat(execution.getStartEpochNanos()).isLessThanOrEqualTo(first.getStartEpochNanos());
        assertThat(execution.getEndEpochNanos()).isGreaterThanOrEqualTo(second.getEndEpochNanos());
        // Every span hangs off the span the start request's trace gave the execution: the one its tasks carry.
        assertThat(spans).extracting(SpanData::getParentSpanId).containsOnly(execution.getParentSpanId());
    }

    private List<SpanData> spansOf(String executionId) {
        return exported.getFinishedSpanItems().stream()
                .filter(s -> executionId.equals(s.getAttributes().get(EXECUTION))).toList();
    }
}
