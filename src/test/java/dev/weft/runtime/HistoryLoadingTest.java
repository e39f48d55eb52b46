package dev.weft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.ExecutionEvent;
import dev.weft.store.EventCodec;
import dev.weft.store.StoredEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An execution loads whatever the length of its history: no cap makes it unloadable. */
class HistoryLoadingTest {

    @Test
    void aHistoryLongerThanAHundredThousandEventsLoadsWhole() {
        RuntimeFixture f = new RuntimeFixture(BatchProcessorTest.ONE_STEP);
        Instant at = Instant.parse("2030-01-01T00:00:00Z");
        f.history.add(stored(1, new ExecutionEvent.ExecutionStarted("ex", "t", "one", 1, Map.of("n", 1L), null, null,
                at.plusSeconds(3600), null, at)));
        // Histories written before ignored results were bounded can be this long.
        String ignored = EventCodec.encode(new ExecutionEvent.ResultIgnored("nope", 1, "ex:nope:1", "a",
                "unknown step", null, at));
        for (long seq = 2; seq <= 120_001; seq++) {
            f.history.add(new StoredEvent("ex", seq, "ResultIgnored", EventCodec.SCHEMA_VERSION, "nope", ignored, at));
        }

        assertThat(f.runtime.state("ex").await().indefinitely().sequence()).isEqualTo(120_001);
    }

    private static StoredEvent stored(long seq, ExecutionEvent e) {
        return new StoredEvent("ex", seq, EventCodec.type(e), EventCodec.SCHEMA_VERSION, e.stepId(), EventCodec.encode(e),
                e.at());
    }
}
