package dev.weft.cli.render;

import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionChange;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.StepNotice;
import dev.weft.api.v1.StepRun;
import java.util.HashMap;
import java.util.Map;

/**
 * The execution as a WatchExecution stream has shown it so far: the snapshot, with every change
 * applied in order. Renderers read {@link #view()}; nothing here prints.
 */
public final class ExecutionBoard {
    private final Execution.Builder view = Execution.newBuilder();
    private final Map<String, Integer> positions = new HashMap<>();

    public void apply(ExecutionUpdate u) {
        switch (u.getKindCase()) {
            case SNAPSHOT -> reset(u.getSnapshot());
            case CHANGE -> change(u.getChange());
            case NOTICE -> notice(u.getNotice());
            case KIND_NOT_SET -> { }
        }
        view.setSequence(u.getSequence());
    }

    public Execution view() {
        return view.build();
    }

    public boolean ended() {
        return Statuses.ended(view.getStatus());
    }

    private void reset(Execution snapshot) {
        view.clear().mergeFrom(snapshot);
        positions.clear();
        for (int i = 0; i < snapshot.getStepsCount(); i++) {
            positions.put(snapshot.getSteps(i).getStepId(), i);
        }
    }

    private void change(ExecutionChange c) {
        view.setStatus(c.getStatus());
        if (c.hasStep()) {
            put(c.getStep());
        }
        if (c.hasOutput()) {
            view.setOutput(c.getOutput());
        }
        if (c.hasError()) {
            view.setError(c.getError());
        }
        if (c.hasEstimatedCompletionAt()) {
            view.setEstimatedCompletionAt(c.getEstimatedCompletionAt());
        }
        if (c.hasPause()) {
            view.setPause(c.getPause());
        } else {
            view.clearPause();
        }
        if (Statuses.ended(c.getStatus())) {
            // The change carries no end time of its own: the event that ended it was recorded then.
            view.setCompletedAt(c.getEvent().getRecordedAt()).clearEstimatedCompletionAt();
        }
    }

    private void notice(StepNotice n) {
        Integer at = positions.get(n.getStepId());
        if (at != null) {
            view.setSteps(at, view.getSteps(at).toBuilder().setNotice(n.getNotice()));
        }
    }

    private void put(StepRun step) {
        Integer at = positions.get(step.getStepId());
        if (at == null) {
            positions.put(step.getStepId(), view.getStepsCount());
            view.addSteps(step);
        } else {
            view.setSteps(at, step);
        }
    }
}
