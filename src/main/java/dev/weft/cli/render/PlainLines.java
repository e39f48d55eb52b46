package dev.weft.cli.render;

import dev.weft.api.v1.Execution;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Progress for a log or a pipe, where nothing can be redrawn: a line each time a step or an instance
 * reaches a state worth recording — it ended, it waits to retry, or it waits for a person or a
 * signal — and never twice for the same state.
 */
public final class PlainLines {
    private final boolean unicode;
    /** Lines that follow each other keep one id column: it only grows, from a width most ids fit. */
    static final int MIN_ID_WIDTH = 16;
    private final Map<String, String> reported = new HashMap<>();
    private int idWidth = MIN_ID_WIDTH;

    public PlainLines(boolean unicode) {
        this.unicode = unicode;
    }

    /** The lines the view has that earlier views did not. */
    public List<String> next(Execution e, Instant now) {
        StepGroups groups = StepGroups.of(e);
        idWidth = Math.max(idWidth, BoardLines.idWidth(e));
        StepLines steps = new StepLines(unicode, idWidth);
        List<String> lines = new ArrayList<>();
        for (StepRun s : e.getStepsList()) {
            String state = reportable(s);
            if (state == null || state.equals(reported.get(s.getStepId()))) {
                continue;
            }
            reported.put(s.getStepId(), state);
            boolean group = s.getScopeOwner().isEmpty() && (BoardLines.isGroup(s)
                    || !groups.instancesOf(s.getStepId()).isEmpty());
            lines.add(group ? steps.groupLine(s, groups.instancesOf(s.getStepId()), now) : steps.line("", s, now));
        }
        return lines;
    }

    /** The state to report, or null while the step is in a state not worth a line of its own. */
    private static String reportable(StepRun s) {
        StepStatus status = s.getStatus();
        if (Statuses.ended(status)) {
            return status.name();
        }
        if (status == StepStatus.STEP_STATUS_RETRY_WAIT) {
            return status.name() + s.getAttempt();
        }
        return BoardLines.isWaitingForSomeone(s) ? "WAITING" + s.getAttempt() : null;
    }
}
