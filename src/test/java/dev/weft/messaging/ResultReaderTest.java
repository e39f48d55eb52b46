package dev.weft.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.TaskIds.TaskRef;
import dev.weft.messaging.ResultReading.Readable;
import dev.weft.messaging.ResultReading.Rejected;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A result message is read without trusting it, and whatever names its task lets that attempt fail at once. */
class ResultReaderTest {
    final ResultReader reader = new ResultReader(1000);
    static final String GOOD = """
            {"taskId": "ex:a:2", "executionId": "ex", "stepId": "a", "attempt": 2, "agentId": "ag",
             "status": "completed", "output": {"x": 1}}""";

    static Map<String, Object> props(String taskId, String tenant) {
        Map<String, Object> p = new HashMap<>();
        if (taskId != null) {
            p.put("correlation-id", taskId);
        }
        if (tenant != null) {
            p.put("weft-tenant", tenant);
        }
        p.put("weft-agent-id", "ag");
        return p;
    }

    @Test
    void aWellFormedResultIsReadable() {
        assertThat(reader.read(GOOD, GOOD.length(), props("ex:a:2", "t"))).isInstanceOf(Readable.class);
    }

    @Test
    void anUnreadableBodyNamesTheTaskOfItsCorrelationId() {
        Rejected r = (Rejected) reader.read("{not json", 9, props("ex:a:2", "t"));

        assertThat(r.errorType()).isEqualTo("result_unreadable");
        assertThat(r.task()).isEqualTo(new TaskRef("ex", "a", 2));
        assertThat(r.reason()).startsWith("the result body is not the JSON of a result");
        assertThat(r.agentId()).isEqualTo("ag");
    }

    @Test
    void anUnknownStatusIsInvalidAndNamesTheTaskOfItsBody() {
        String body = GOOD.replace("completed", "done");
        Rejected r = (Rejected) reader.read(body, body.length(), props(null, "t"));

        assertThat(r.errorType()).isEqualTo("result_invalid");
        assertThat(r.reason()).contains("'done'");
        assertThat(r.task()).isEqualTo(new TaskRef("ex", "a", 2));
    }

    @Test
    void aResultOverTheBoundIsRefusedUnreadWithItsSize() {
        Rejected r = (Rejected) reader.read(GOOD, 20_000_000, props("ex:a:2", "t"));

        assertThat(r.errorType()).isEqualTo("result_too_large");
        assertThat(r.reason()).isEqualTo("the result has 20000000 bytes; at most 1000 are accepted");
        assertThat(r.task()).isEqualTo(new TaskRef("ex", "a", 2));
    }

    @Test
    void aResultWithoutItsTenantIsInvalid() {
        Rejected r = (Rejected) reader.read(GOOD, GOOD.length(), props("ex:a:2", null));

        assertThat(r.errorType()).isEqualTo("result_invalid");
        assertThat(r.reason()).contains("weft-tenant");
    }

    @Test
    void aBodyAnsweringAnotherTaskThanItsMessageNamesIsInvalid() {
        Rejected r = (Rejected) reader.read(GOOD, GOOD.length(), props("ex:a:1", "t"));

        assertThat(r.errorType()).isEqualTo("result_invalid");
        assertThat(r.task()).as("the envelope's task is the one failed").isEqualTo(new TaskRef("ex", "a", 1));
    }

    @Test
    void aMessageThatNamesNoTaskCanOnlyBeADeadLetter() {
        Rejected r = (Rejected) reader.read("garbage", 7, Map.of());

        assertThat(r.task()).isNull();
    }
}
