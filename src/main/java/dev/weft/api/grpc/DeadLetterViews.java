package dev.weft.api.grpc;

import dev.weft.api.v1.DeadLetter;
import dev.weft.api.v1.DeadLetterStatus;
import dev.weft.store.StoredDeadLetter;

/** Dead letters as the public proto shows them. */
final class DeadLetterViews {
    private DeadLetterViews() {
    }

    /** @param withBody false in lists, where bodies would make pages large */
    static DeadLetter view(StoredDeadLetter s, boolean withBody) {
        var d = s.letter();
        DeadLetter.Builder b = DeadLetter.newBuilder()
                .setId(s.id())
                .setSource(d.source())
                .setReason(d.reason())
                .setReceivedAt(ExecutionViews.ts(d.receivedAt()))
                .setBodySize(d.bodyBytes())
                .setStatus(DeadLetterStatus.valueOf("DEAD_LETTER_STATUS_" + s.status()))
                .setProperties(ValueMapper.toStruct(d.properties()));
        if (d.executionId() != null) {
            b.setExecutionId(d.executionId());
        }
        if (d.stepId() != null) {
            b.setStepId(d.stepId());
        }
        if (d.attempt() != null) {
            b.setAttempt(d.attempt());
        }
        if (d.taskId() != null) {
            b.setTaskId(d.taskId());
        }
        if (withBody && d.body() != null) {
            b.setBody(d.body());
        }
        if (s.resolvedAt() != null) {
            b.setResolvedAt(ExecutionViews.ts(s.resolvedAt()));
        }
        if (s.resolution() != null) {
            b.setResolution(s.resolution());
        }
        return b.build();
    }
}
