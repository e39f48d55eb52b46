package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Value;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * examples/sections.yaml through gRPC with the demo agents over AMQP: a foreach of one task per
 * item, a foreach with a body per item, and a loop of rounds; every instance is shown with where it
 * runs, and the history keeps the items and each round's decision.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class ScopedStepsEndToEndTest {
    final WeftClient client = new WeftClient();

    @BeforeEach
    void register() throws IOException {
        try (InputStream in = ScopedStepsEndToEndTest.class.getResourceAsStream("/examples/sections.yaml")) {
            client.register(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void foreachItemsAndLoopRoundsRunAsInstancesAndTheirOutputsComeBackInOrder() {
        String id = client.start("sections", "{\"topic\": \"agents\", \"outline\": \"intro body end\"}");
        List<ExecutionUpdate> updates = client.watchToEnd(id);
        Execution done = client.get(id);

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        var output = done.getOutput().getStructValue().getFieldsMap();
        assertThat(output.get("sections").getListValue().getValuesList()).extracting(v -> v.getStructValue()
                .getFieldsMap().get("title").getStringValue())
                .containsExactly("1. INTRO ON AGENTS", "2. BODY ON AGENTS", "3. END ON AGENTS");
        assertThat(output.get("rounds").getNumberValue()).isEqualTo(2);

        StepRun item = step(done, "titles[1]");
        assertThat(item.getDefinitionStep()).isEqualTo("titles");
        assertThat(item.getScopeOwner()).isEqualTo("titles");
        assertThat(item.getItemIndex()).isEqualTo(1);
        assertThat(item.getAgent()).isEqualTo("text");
        assertThat(item.getOutput().getStructValue().getFieldsMap().get("text")).isEqualTo(string("BODY"));
        StepRun draft = step(done, "per_section[2].draft");
        assertThat(draft.getDefinitionStep()).isEqualTo("draft");
        assertThat(draft.getScopeOwner()).isEqualTo("per_section");
        assertThat(draft.getItemIndex()).isEqualTo(2);
        StepRun second = step(done, "review#2.verdict");
        assertThat(second.getRound()).isEqualTo(2);
        assertThat(second.getScopeOwner()).isEqualTo("review");
        assertThat(step(done, "review.verdict").getOutput().getStructValue().getFieldsMap().get("approved"))
                .isEqualTo(Value.newBuilder().setBoolValue(false).build());
        assertThat(step(done, "review").getKind()).isEqualTo("loop");
        assertThat(step(done, "review").getStatus()).isEqualTo(StepStatus.STEP_STATUS_COMPLETED);

        List<HistoryEvent> history = client.history(id);
        assertThat(history).filteredOn(e -> e.getType().equals("ItemsExpanded")).extracting(HistoryEvent::getStepId)
                .containsExactly("titles", "per_section");
        assertThat(history).filteredOn(e -> e.getType().equals("RoundEnded"))
                .extracting(e -> e.getDetails().getFieldsMap().get("outcome").getStringValue())
                .containsExactly("again", "until");
        // Sequential: the second section's draft went out only after the first section's count ended.
        List<String> dispatched = history.stream().filter(e -> e.getType().equals("TaskDispatched"))
                .map(HistoryEvent::getStepId).toList();
        assertThat(dispatched.indexOf("per_section[1].draft")).isGreaterThan(dispatched.indexOf("per_section[0].count"));
        assertThat(updates).anyMatch(u -> u.hasChange() && u.getChange().getStep().getStepId().equals("titles[2]"));
    }

    private static StepRun step(Execution e, String instance) {
        return e.getStepsList().stream().filter(s -> s.getStepId().equals(instance)).findFirst().orElseThrow();
    }

    private static Value string(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }
}
