package dev.weft.launcher;

import dev.weft.api.v1.ExecutionChange;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.StepRun;

/** One human-readable line per WatchExecution update. */
final class ProgressLines {
    private ProgressLines() {
    }

    static String of(ExecutionUpdate u) {
        if (u.hasSnapshot()) {
            var s = u.getSnapshot();
            StringBuilder b = new StringBuilder(String.format("#%-3d snapshot  %s v%d %s:", u.getSequence(),
                    s.getWorkflow(), s.getVersion(), shortStatus(s.getStatus().name())));
            s.getStepsList().forEach(step -> b.append(' ').append(step.getStepId()).append('=')
                    .append(shortStatus(step.getStatus().name())));
            return b.toString();
        }
        if (u.hasNotice()) {
            var n = u.getNotice();
            return String.format("#%-3d %-19s %-6s %s", u.getSequence(), "notice", n.getStepId(),
                    n.getNotice().isEmpty() ? "cleared: capability '" + n.getCapability() + "' is served again"
                            : n.getNotice());
        }
        ExecutionChange c = u.getChange();
        StringBuilder b = new StringBuilder(String.format("#%-3d %-19s", u.getSequence(), c.getEvent().getType()));
        if (c.hasStep()) {
            StepRun step = c.getStep();
            int attempt = c.getEvent().getAttempt() > 0 ? c.getEvent().getAttempt() : step.getAttempt();
            b.append(String.format(" %-6s %-10s attempt %d", step.getStepId(), shortStatus(step.getStatus().name()),
                    attempt));
            if (!step.getAgentId().isEmpty()) {
                b.append(" by ").append(step.getAgentId());
            }
            if (step.getDurationMs() > 0) {
                b.append(" in ").append(step.getDurationMs()).append(" ms");
            }
            if (c.getEvent().getType().equals("ChildStarted")) {
                b.append(" child ").append(step.getChildExecutionId());
            } else if (c.getEvent().getType().equals("FallbackStarted")) {
                b.append(" falls back to ").append(step.getAgent());
            }
            if (step.hasError()) {
                b.append(" error: ").append(step.getError().getMessage());
            }
            if (!step.getNotice().isEmpty()) {
                b.append(" notice: ").append(step.getNotice());
            }
        } else {
            b.append(" execution ").append(shortStatus(c.getStatus().name()));
        }
        return b.toString();
    }

    private static String shortStatus(String enumName) {
        int i = enumName.indexOf("_STATUS_");
        return (i >= 0 ? enumName.substring(i + 8) : enumName).toLowerCase();
    }
}
