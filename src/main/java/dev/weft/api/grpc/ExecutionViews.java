package dev.weft.api.grpc;

import com.google.protobuf.Timestamp;
import dev.weft.agents.LivenessView;
import dev.weft.api.v1.ErrorInfo;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionSummary;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.StepNotice;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import dev.weft.definition.StepDefinition;
import dev.weft.definition.ScopeOwner;
import dev.weft.definition.StepKind;
import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.ExecutionState;
import dev.weft.engine.StepState;
import dev.weft.runtime.HistoryEntry;
import dev.weft.store.EventCodec;
import dev.weft.store.ExecutionRow;
import dev.weft.engine.Blueprint;
import dev.weft.engine.TaskIds;
import dev.weft.store.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Maps the engine's records to the public proto messages; the two never share types. */
final class ExecutionViews {
    private ExecutionViews() {
    }

    /** @param liveness what the steps' capabilities' agents look like, for the running steps' notices */
    static Execution execution(ExecutionState s, WorkflowDefinition def, Instant estimate, LivenessView liveness) {
        Execution.Builder b = Execution.newBuilder()
                .setExecutionId(s.executionId())
                .setWorkflow(s.workflow())
                .setVersion(s.version())
                .setTenant(s.tenant())
                .setRequestId(s.requestId() == null ? "" : s.requestId())
                .setStatus(status(s.status()))
                .setInput(ValueMapper.toStruct(s.input()))
                .setSequence(s.sequence())
                .setShadow(s.shadow());
        if (s.output() != null) {
            b.setOutput(ValueMapper.toValue(s.output()));
        }
        if (s.error() != null) {
            b.setError(error(s.error()));
        }
        setTime(s.startedAt(), b::setStartedAt);
        setTime(s.endedAt(), b::setCompletedAt);
        if (s.startedAt() != null && s.endedAt() != null) {
            b.setDurationMs(Duration.between(s.startedAt(), s.endedAt()).toMillis());
        }
        if (estimate != null && s.status() == dev.weft.engine.ExecutionStatus.RUNNING) {
            b.setEstimatedCompletionAt(ts(estimate));
        }
        // A schedule's fire is told by the request id it started with (ScheduleKeys): no column of its own.
        dev.weft.schedule.ScheduleKeys.parseFireRequestId(s.requestId()).ifPresent(f -> b.setScheduledBy(
                dev.weft.api.v1.ScheduledBy.newBuilder().setScheduleId(f.scheduleId()).setFireTime(ts(f.fireTime()))));
        if (s.pause() != null) {
            b.setPause(pause(s.pause()));
        }
        if (s.parent() != null) {
            b.setParentExecutionId(s.parent().executionId()).setDepth(s.parent().depth());
            TaskIds.parse(s.parent().taskId()).ifPresent(t -> b.setParentStep(t.stepId()));
        }
        Blueprint blueprint = Blueprint.of(def, s);
        for (StepState step : s.steps().values()) {
            b.addSteps(step(step, blueprint, s.tenant(), liveness));
        }
        return b.build();
    }

    /** One step instance as the API shows it, with its definition and where it runs. */
    static StepRun step(StepState s, Blueprint blueprint, String tenant, LivenessView liveness) {
        String owner = TaskIds.ownerOf(s.stepId());
        ScopeOwner kind = owner == null ? null : (ScopeOwner) blueprint.definitionOf(owner).kind();
        return step(s, blueprint.definitionOf(s.stepId()), kind, tenant, liveness);
    }

    /** A step outside any foreach, loop, state machine or dynamic step, by its definition. */
    static StepRun step(StepState s, StepDefinition def, String tenant, LivenessView liveness) {
        return step(s, def, null, tenant, liveness);
    }

    /** @param owner the kind of the step whose scope the instance runs in, or null at the top level */
    private static StepRun step(StepState s, StepDefinition def, ScopeOwner owner, String tenant,
                                LivenessView liveness) {
        StepRun.Builder b = StepRun.newBuilder()
                .setStepId(s.stepId())
                .setDefinitionStep(def.id())
                .setStatus(StepStatus.valueOf("STEP_STATUS_" + s.status().name()))
                .setAttempt(s.attempt())
                .setMaxAttempts(def.retry().maxAttempts())
                .setKind(def.kind().keyword())
                .setBranchSkipped(s.branchSkipped());
        if (def.agent(s.inFallback()) != null) {
            b.setAgent(def.agent(s.inFallback()));
        }
        b.setInFallback(s.inFallback());
        if (def.when() != null) {
            b.setWhen(def.when());
        }
        if (def.kind() instanceof dev.weft.definition.StepKind.Workflow && s.taskId() != null) {
            b.setChildExecutionId(TaskIds.childExecutionId(s.taskId()));
        }
        if (s.agentId() != null) {
            b.setAgentId(s.agentId());
        }
        setTime(s.startedAt(), b::setStartedAt);
        setTime(s.endedAt(), b::setCompletedAt);
        setTime(s.nextAttemptAt(), b::setNextAttemptAt);
        if (s.startedAt() != null && s.endedAt() != null) {
            b.setDurationMs(Duration.between(s.startedAt(), s.endedAt()).toMillis());
        }
        if (s.input() != null) {
            b.setInput(ValueMapper.toValue(s.input()));
        }
        if (s.output() != null) {
            b.setOutput(ValueMapper.toValue(s.output()));
        }
        if (s.error() != null) {
            b.setError(error(s.error()));
        }
        if (s.skipReason() != null) {
            b.setSkipReason(s.skipReason());
        }
        scope(s.stepId(), owner, b);
        return b.setNotice(notice(s, def, tenant, liveness)).build();
    }

    /**
     * Where an instance runs: its foreach, loop, state machine or dynamic step, and the item, round
     * or visit (ADR 0005, 0011); a dynamic task is named by its id (definition_step).
     */
    private static void scope(String instance, ScopeOwner kind, StepRun.Builder b) {
        if (kind == null) {
            return;
        }
        b.setScopeOwner(TaskIds.ownerOf(instance));
        switch (kind) {
            case ScopeOwner.Foreach each -> {
                TaskIds.Segment item = instance.endsWith("]") ? TaskIds.parseInstance(instance).getLast()
                        : TaskIds.parseInstance(instance.substring(0, instance.lastIndexOf('.'))).getLast();
                b.setItemIndex(item.index());
            }
            case ScopeOwner.Loop loop -> b.setRound(Math.max(1, TaskIds.parseInstance(instance.substring(0,
                    instance.lastIndexOf('.'))).getLast().round()));
            case ScopeOwner.Machine machine -> b.setVisit(Math.max(1, TaskIds.parseInstance(instance).getLast().round()));
            case ScopeOwner.Dynamic dynamic -> { }
        }
    }

    /**
     * A RUNNING step's task waits in the broker when no live agent serves its capability: say so.
     * A built-in step that runs (a sleep) has no agent to wait for.
     */
    static String notice(StepState s, StepDefinition def, String tenant, LivenessView liveness) {
        return s.status() == dev.weft.engine.StepStatus.RUNNING && def.agent() != null
                ? liveness.notice(tenant, def.agent()) : "";
    }

    /** The message that changes a step's notice to {@code notice} (empty: cleared). */
    static StepNotice stepNotice(String stepId, StepDefinition def, String tenant, String notice,
                                 LivenessView liveness) {
        StepNotice.Builder b = StepNotice.newBuilder().setStepId(stepId).setNotice(notice);
        if (def.agent() != null) {
            b.setCapability(def.agent());
        }
        if (!notice.isEmpty() && def.agent() != null) {
            liveness.status(tenant, def.agent()).map(st -> st.unservedSince())
                    .ifPresent(t -> b.setUnservedSince(ts(t)));
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    static HistoryEvent history(HistoryEntry h) {
        HistoryEvent.Builder b = HistoryEvent.newBuilder()
                .setSequence(h.sequence())
                .setType(EventCodec.type(h.event()))
                .setRecordedAt(ts(h.recordedAt()))
                .setAttempt(EventCodec.attempt(h.event()))
                .setSchemaVersion(EventCodec.SCHEMA_VERSION)
                .setDetails(ValueMapper.toStruct((Map<String, Object>) Json.readTree(EventCodec.encode(h.event()))));
        if (h.event().stepId() != null) {
            b.setStepId(h.event().stepId());
        }
        return b.build();
    }

    static dev.weft.api.v1.Pause pause(dev.weft.engine.Pause p) {
        dev.weft.api.v1.Pause.Builder b = dev.weft.api.v1.Pause.newBuilder()
                .setPausedAt(ts(p.since()))
                .setReason(p.reason())
                .setDeferredTimers(p.deferred().size());
        if (p.requestedBy() != null) {
            b.setRequestedBy(p.requestedBy());
        }
        return b.build();
    }

    static ExecutionSummary summary(ExecutionRow r) {
        ExecutionSummary.Builder b = ExecutionSummary.newBuilder()
                .setExecutionId(r.id())
                .setWorkflow(r.workflow())
                .setVersion(r.version())
                .setStatus(status(r.status()))
                .setShadow(r.shadow());
        setTime(r.startedAt(), b::setStartedAt);
        setTime(r.endedAt(), b::setCompletedAt);
        if (r.parentExecutionId() != null) {
            b.setParentExecutionId(r.parentExecutionId());
        }
        return b.build();
    }

    /** @param engineStatus an {@link dev.weft.engine.ExecutionStatus} name, as the executions row stores it */
    static ExecutionStatus status(String engineStatus) {
        return status(dev.weft.engine.ExecutionStatus.valueOf(engineStatus));
    }

    /** Every status listed: one added to the engine must be given its proto value here. */
    static ExecutionStatus status(dev.weft.engine.ExecutionStatus s) {
        return switch (s) {
            case RUNNING -> ExecutionStatus.EXECUTION_STATUS_RUNNING;
            case PAUSED -> ExecutionStatus.EXECUTION_STATUS_PAUSED;
            case COMPLETED -> ExecutionStatus.EXECUTION_STATUS_COMPLETED;
            case FAILED -> ExecutionStatus.EXECUTION_STATUS_FAILED;
            case CANCELLED -> ExecutionStatus.EXECUTION_STATUS_CANCELLED;
            case TIMED_OUT -> ExecutionStatus.EXECUTION_STATUS_TIMED_OUT;
        };
    }

    static ErrorInfo error(dev.weft.engine.ErrorInfo e) {
        return ErrorInfo.newBuilder().setType(e.type()).setMessage(String.valueOf(e.message())).build();
    }

    static Timestamp ts(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    private static void setTime(Instant i, java.util.function.Consumer<Timestamp> setter) {
        if (i != null) {
            setter.accept(ts(i));
        }
    }
}
