package dev.weft.cli.progress;

import static dev.weft.cli.render.Runs.execution;
import static dev.weft.cli.render.Runs.now;
import static dev.weft.cli.render.Runs.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionChange;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.StepStatus;
import io.grpc.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionFollowerTest {
    private final InstantSource clock = InstantSource.fixed(now(5));

    private static List<ExecutionUpdate> run() {
        return List.of(
                ExecutionUpdate.newBuilder().setSequence(2).setSnapshot(execution(ExecutionStatus.EXECUTION_STATUS_RUNNING,
                        step("a", StepStatus.STEP_STATUS_RUNNING).build())).build(),
                ExecutionUpdate.newBuilder().setSequence(3).setChange(ExecutionChange.newBuilder()
                        .setEvent(HistoryEvent.newBuilder().setType("TaskCompleted").setStepId("a"))
                        .setStatus(ExecutionStatus.EXECUTION_STATUS_RUNNING)
                        .setStep(step("a", StepStatus.STEP_STATUS_COMPLETED))).build(),
                ExecutionUpdate.newBuilder().setSequence(4).setChange(ExecutionChange.newBuilder()
                        .setEvent(HistoryEvent.newBuilder().setType("ExecutionCompleted"))
                        .setStatus(ExecutionStatus.EXECUTION_STATUS_COMPLETED)).build());
    }

    @Test
    void followingToTheEndReturnsTheLastViewAndTellsTheListenerOfEachChange() throws Exception {
        StringWriter text = new StringWriter();
        List<String> events = new ArrayList<>();
        ExecutionFollower follower = new ExecutionFollower(new PlainScreen(new PrintWriter(text), true), clock,
                Duration.ofMillis(50));

        Execution last = follower.follow(run().iterator(), (c, screen) -> events.add(c.getEvent().getType()));

        assertThat(last.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(events).containsExactly("TaskCompleted", "ExecutionCompleted");
        assertThat(text.toString().lines()).anyMatch(l -> l.startsWith("✓ a")).last().asString()
                .contains("report v2  completed");
    }

    @Test
    void aStreamThatFailsRethrowsItsFailure() {
        Iterator<ExecutionUpdate> broken = new Iterator<>() {
            @Override
            public boolean hasNext() {
                throw Status.UNAVAILABLE.withDescription("engine went away").asRuntimeException();
            }

            @Override
            public ExecutionUpdate next() {
                throw new IllegalStateException();
            }
        };
        ExecutionFollower follower = new ExecutionFollower(new PlainScreen(new PrintWriter(new StringWriter()), true),
                clock, Duration.ofMillis(50));

        assertThatThrownBy(() -> follower.follow(broken, ExecutionFollower.ChangeListener.NONE))
                .hasMessageContaining("engine went away");
    }
}
