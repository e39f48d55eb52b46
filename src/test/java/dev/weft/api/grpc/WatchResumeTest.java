package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.testing.Eventually;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A watch resumed after sequence k is a consistent, forward-only stream: the snapshot is the state
 * as of k, then every event after k once and in order, live ones included, until the end.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class WatchResumeTest {
    final WeftClient client = new WeftClient();

    @BeforeEach
    void register() {
        client.register("""
                name: resume-chain
                steps:
                  - { id: a, agent: slow, input: { ms: 300 } }
                  - { id: b, agent: slow, depends_on: [a], input: { ms: "{{ input.b_ms }}" } }
                  - { id: c, agent: echo, depends_on: [b] }
                """);
    }

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void resumingAnEndedExecutionStartsWithItsStateAsOfTheGivenSequence() {
        String id = client.start("resume-chain", "{\"b_ms\": 10}");
        List<ExecutionUpdate> live = client.watchToEnd(id);
        long k = sequenceOf(id, "TaskCompleted", "a");

        List<ExecutionUpdate> resumed = watch(id, k);

        ExecutionUpdate snapshot = resumed.get(0);
        assertThat(snapshot.hasSnapshot()).isTrue();
        assertThat(snapshot.getSequence()).isEqualTo(k);
        assertThat(snapshot.getSnapshot().getSequence()).isEqualTo(k);
        assertThat(snapshot.getSnapshot().getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_RUNNING);
        assertThat(step(snapshot, "a")).as("a as the live watcher saw it at %d", k).isEqualTo(stepAt(live, k));
        assertThat(step(snapshot, "b").getStatus()).isNotEqualTo(StepStatus.STEP_STATUS_COMPLETED);
        assertThat(step(snapshot, "c").getStatus()).isEqualTo(StepStatus.STEP_STATUS_PENDING);
        assertForwardOnlyToTheEnd(id, resumed, k);
    }

    @Test
    void resumingARunningExecutionContinuesLiveWithoutGapsOrDuplicates() {
        String id = client.start("resume-chain", "{\"b_ms\": 1500}");
        Eventually.await("b is dispatched", Duration.ofSeconds(20),
                () -> client.history(id).stream().anyMatch(e -> e.getType().equals("TaskDispatched")
                        && e.getStepId().equals("b")));
        long k = sequenceOf(id, "TaskCompleted", "a");

        List<ExecutionUpdate> resumed = watch(id, k);

        assertThat(resumed.get(0).hasSnapshot()).isTrue();
        assertThat(resumed.get(0).getSequence()).isEqualTo(k);
        assertThat(step(resumed.get(0), "a").getStatus()).isEqualTo(StepStatus.STEP_STATUS_COMPLETED);
        assertThat(step(resumed.get(0), "b").getStatus()).isNotEqualTo(StepStatus.STEP_STATUS_COMPLETED);
        assertForwardOnlyToTheEnd(id, resumed, k);
    }

    @Test
    void resumingAtTheLastEventSendsTheFinalSnapshotAndBeyondItIsInvalid() {
        String id = client.start("resume-chain", "{\"b_ms\": 10}");
        client.awaitEnd(id);
        List<HistoryEvent> history = client.history(id);
        long last = history.get(history.size() - 1).getSequence();

        List<ExecutionUpdate> atLast = watch(id, last);
        assertThat(atLast).hasSize(1);
        assertThat(atLast.get(0).getSequence()).isEqualTo(last);
        assertThat(atLast.get(0).getSnapshot().getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);

        assertThatThrownBy(() -> watch(id, last + 1))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("after_sequence:")
                            .contains(String.valueOf(last)).contains(String.valueOf(last + 1));
                });
    }

    /** After the snapshot at k: k+1, k+2, ... up to the last event in the history, which ends the execution. */
    private void assertForwardOnlyToTheEnd(String id, List<ExecutionUpdate> resumed, long k) {
        List<ExecutionUpdate> changes = resumed.subList(1, resumed.size());
        assertThat(changes).allMatch(ExecutionUpdate::hasChange);
        List<HistoryEvent> history = client.history(id);
        long last = history.get(history.size() - 1).getSequence();
        assertThat(changes).extracting(ExecutionUpdate::getSequence)
                .containsExactlyElementsOf(LongStream.rangeClosed(k + 1, last).boxed().toList());
        assertThat(changes).extracting(u -> u.getChange().getEvent().getSequence())
                .containsExactlyElementsOf(LongStream.rangeClosed(k + 1, last).boxed().toList());
        assertThat(changes.get(changes.size() - 1).getChange().getEvent().getType()).isEqualTo("ExecutionCompleted");
    }

    private List<ExecutionUpdate> watch(String id, long afterSequence) {
        List<ExecutionUpdate> updates = new ArrayList<>();
        client.executions().watchExecution(WatchExecutionRequest.newBuilder().setExecutionId(id)
                .setAfterSequence(afterSequence).build()).forEachRemaining(updates::add);
        return updates;
    }

    private long sequenceOf(String id, String type, String stepId) {
        return client.history(id).stream().filter(e -> e.getType().equals(type) && e.getStepId().equals(stepId))
                .findFirst().orElseThrow().getSequence();
    }

    private static StepRun step(ExecutionUpdate snapshot, String stepId) {
        return snapshot.getSnapshot().getStepsList().stream().filter(s -> s.getStepId().equals(stepId))
                .findFirst().orElseThrow();
    }

    private static StepRun stepAt(List<ExecutionUpdate> live, long sequence) {
        return live.stream().filter(u -> u.getSequence() == sequence && u.hasChange()).findFirst()
                .orElseThrow(() -> new AssertionError("the live watch began after " + sequence))
                .getChange().getStep();
    }
}
