package dev.weft.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.CancelExecutionRequest;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.testing.Eventually;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The execution, step and backlog metrics as a Prometheus scrape shows them, after executions
 * started through the API ran on the demo agents. Each test's workflow has a name of its own, so
 * its series count exactly what it started whatever else ran in this JVM.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class PrometheusMetricsTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    final WeftClient client = new WeftClient();

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void completedAndFailedExecutionsAreCountedByWorkflowAndStatusWithTheirStepDurations() {
        client.register("""
                name: metrics-ok
                steps:
                  - id: first
                    agent: echo
                    input: { a: 1 }
                  - id: second
                    agent: echo
                    depends_on: [first]
                    input: { b: 2 }
                """);
        client.register("""
                name: metrics-bad
                steps:
                  - id: bad_op
                    agent: text
                    input: { text: "x", op: explode }
                """);
        String ok = "workflow=\"metrics-ok\"";
        String bad = "workflow=\"metrics-bad\"";
        double okStarted = value("weft_executions_started_total", ok);
        double okCompleted = value("weft_executions_ended_total", ok, "status=\"COMPLETED\"");
        double badStarted = value("weft_executions_started_total", bad);
        double badFailed = value("weft_executions_ended_total", bad, "status=\"FAILED\"");
        double okSteps = value("weft_step_duration_seconds_count", ok, "outcome=\"completed\"");
        double badSteps = value("weft_step_duration_seconds_count", bad, "outcome=\"failed\"");

        for (int i = 0; i < 2; i++) {
            assertThat(client.awaitEnd(client.start("metrics-ok", "{}")).getStatus())
                    .isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        }
        assertThat(client.awaitEnd(client.start("metrics-bad", "{}")).getStatus())
                .isEqualTo(ExecutionStatus.EXECUTION_STATUS_FAILED);

        // Counted by the listener just after the commit the watch saw: the scrape may be a moment behind.
        Eventually.await("the ends are counted", WAIT,
                () -> value("weft_executions_ended_total", ok, "status=\"COMPLETED\"") == okCompleted + 2
                        && value("weft_executions_ended_total", bad, "status=\"FAILED\"") == badFailed + 1);
        assertThat(value("weft_executions_started_total", ok)).as(series("weft_executions")).isEqualTo(okStarted + 2);
        assertThat(value("weft_executions_started_total", bad)).isEqualTo(badStarted + 1);
        assertThat(value("weft_executions_ended_total", ok, "status=\"FAILED\"")).isZero();
        assertThat(value("weft_executions_ended_total", bad, "status=\"COMPLETED\"")).isZero();

        assertThat(value("weft_step_duration_seconds_count", ok, "outcome=\"completed\"")).isEqualTo(okSteps + 4);
        assertThat(value("weft_step_duration_seconds_count", bad, "outcome=\"failed\"")).isEqualTo(badSteps + 1);
        assertThat(value("weft_step_duration_seconds_bucket", ok, "outcome=\"completed\"", "le=\"+Inf\""))
                .isEqualTo(okSteps + 4);
        assertThat(scrape().lines().filter(l -> l.startsWith("weft_step_duration_seconds_bucket{")
                        && l.contains(ok) && l.contains("outcome=\"completed\"") && l.contains("le=\"0.")))
                .as("histogram buckets below a second, not only a count and a sum").hasSizeGreaterThan(10);
        assertThat(value("weft_step_duration_seconds_sum", ok, "outcome=\"completed\"")).isPositive();
    }

    @Test
    void aCancelledExecutionEndsWithStatusCancelledAndItsCancelledStepIsNotTimed() {
        client.register("""
                name: metrics-cancelled
                steps:
                  - { id: long, agent: slow, input: { ms: 10000 } }
                """);
        String wf = "workflow=\"metrics-cancelled\"";
        double cancelled = value("weft_executions_ended_total", wf, "status=\"CANCELLED\"");
        String id = client.start("metrics-cancelled", "{}");
        assertThat(client.executions().cancelExecution(CancelExecutionRequest.newBuilder().setExecutionId(id)
                .setReason("metrics test").build()).getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_CANCELLED);
        Eventually.await("the cancel is counted", WAIT,
                () -> value("weft_executions_ended_total", wf, "status=\"CANCELLED\"") == cancelled + 1);
        assertThat(value("weft_executions_started_total", wf)).isEqualTo(1);
        assertThat(series("weft_step_duration_seconds_count")).doesNotContain(wf);
    }

    @Test
    void theBacklogGaugesAreRefreshedFromTheDatabase() {
        assertThat(scrape()).containsPattern("(?m)^weft_outbox_backlog ").containsPattern("(?m)^weft_timers_due ");
        assertThat(client.awaitEnd(client.start(register(), "{}")).getStatus())
                .isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        // Its task was sent and its timers are gone: the next refreshes see nothing waiting.
        Eventually.await("no backlog left", WAIT,
                () -> value("weft_outbox_backlog") == 0 && value("weft_timers_due") == 0);
    }

    private String register() {
        client.register("""
                name: metrics-backlog
                steps:
                  - id: only
                    agent: echo
                    input: { a: 1 }
                """);
        return "metrics-backlog";
    }

    /** The scraped lines of the metric, for a failure's message. */
    private static String series(String prefix) {
        return String.join("\n", scrape().lines().filter(l -> l.startsWith(prefix)).toList());
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the series with the name and all the labels, 0 when there is none (not counted yet). */
    private static double value(String name, String... labels) {
        for (String line : scrape().split("\n")) {
            Matcher m = SERIES.matcher(line);
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            String tags = m.group(2) == null ? "" : m.group(2);
            boolean all = true;
            for (String label : labels) {
                all &= tags.contains(label);
            }
            if (all) {
                return Double.parseDouble(m.group(3));
            }
        }
        return 0;
    }

    /** A sample line: name, labels, value, and the exemplar (a trace's span) that may follow it. */
    private static final Pattern SERIES =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)})? (\\S+)(?: # .*)?");
}
