package dev.weft.cli.render;

import com.google.protobuf.Timestamp;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import java.time.Instant;

/** Steps and executions for renderer tests, at instants relative to a fixed {@link #T0}. */
public final class Runs {
    public static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    private Runs() {
    }

    public static Timestamp at(double seconds) {
        Instant i = T0.plusMillis((long) (seconds * 1000));
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }

    public static Instant now(double seconds) {
        return T0.plusMillis((long) (seconds * 1000));
    }

    public static StepRun.Builder step(String id, StepStatus status) {
        return StepRun.newBuilder().setStepId(id).setDefinitionStep(id).setStatus(status).setKind("agent")
                .setMaxAttempts(1);
    }

    /** An instance of {@code owner}, e.g. {@code drafts[1]}. */
    public static StepRun.Builder instance(String id, String owner, StepStatus status) {
        return step(id, status).setScopeOwner(owner);
    }

    public static Execution.Builder execution(ExecutionStatus status, StepRun... steps) {
        Execution.Builder b = Execution.newBuilder().setExecutionId("b17bbeba-13d4-48fb-9371-7de721823057")
                .setWorkflow("report").setVersion(2).setStatus(status).setStartedAt(at(0));
        for (StepRun s : steps) {
            b.addSteps(s);
        }
        return b;
    }
}
