package dev.weft.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.ExecutionEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EventCodecTest {

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
