package dev.weft.cli.render;

import dev.weft.api.v1.Execution;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole execution as a screen of lines: a header, then each top-level step, a group's line
 * followed by the instances that are worth a look now (those in flight and those that failed), at
 * most {@link #SHOWN_INSTANCES} of them, the rest counted.
 */
public final class BoardLines {
    public static final int SHOWN_INSTANCES = 4;
    static final int MIN_ID_WIDTH = 12;
    static final int MAX_ID_WIDTH = 28;
    private static final String INDENT = "  ";

    private final boolean unicode;
    private final boolean everyInstance;

    /** A live board: only the instances worth a look now. */
    public BoardLines(boolean unicode) {
        this(unicode, false);
    }

    /** @param everyInstance list every instance of every group (a one-off {@code weft get}) */
    public BoardLines(boolean unicode, boolean everyInstance) {
        this.unicode = unicode;
        this.everyInstance = everyInstance;
    }

    public List<String> render(Execution e, Instant now) {
        StepGroups groups = StepGroups.of(e);
        List<String> lines = new ArrayList<>();
        lines.add(header(e, now));
        StepLines steps = new StepLines(unicode, idWidth(e));
        List<String> hints = new ArrayList<>();
        for (StepRun s : e.getStepsList()) {
            if (s.getStatus() == StepStatus.STEP_STATUS_RUNNING && s.getKind().equals("approval")) {
                hints.add(String.format(Formats.APPROVAL_HINT, e.getExecutionId(), s.getStepId()));
            }
        }
        for (StepRun top : groups.topLevel().values()) {
            List<StepRun> instances = groups.instancesOf(top.getStepId());
            if (instances.isEmpty() && !isGroup(top)) {
                lines.add(steps.line("", top, now));
                continue;
            }
            lines.add(steps.groupLine(top, instances, now));
            if (everyInstance) {
                instances.forEach(i -> lines.add(steps.line(INDENT, i, now)));
                continue;
            }
            List<StepRun> worthALook = instances.stream().filter(BoardLines::worthALook).toList();
            worthALook.stream().limit(SHOWN_INSTANCES).forEach(i -> lines.add(steps.line(INDENT, i, now)));
            if (worthALook.size() > SHOWN_INSTANCES) {
                lines.add(String.format(Formats.MORE, INDENT + INDENT, worthALook.size() - SHOWN_INSTANCES,
                        "in flight or failed"));
            }
        }
        lines.addAll(hints);
        return lines;
    }

    public String header(Execution e, Instant now) {
        String eta = Statuses.ended(e.getStatus()) ? ""
                : Eta.untilEstimate(e.getEstimatedCompletionAt(), now).map(d -> "  " + Eta.label(d)).orElse("");
        return String.format(Formats.HEADER, Mark.of(e.getStatus()).glyph(unicode), e.getExecutionId(), e.getWorkflow(),
                e.getVersion(), Statuses.word(e.getStatus()), Elapsed.between(e.getStartedAt(), e.getCompletedAt(), now),
                eta).stripTrailing();
    }

    /** The id column fits the longest id shown (an instance under its group is indented), within bounds. */
    static int idWidth(Execution e) {
        int w = MIN_ID_WIDTH;
        for (StepRun s : e.getStepsList()) {
            int len = s.getStepId().length() + (s.getScopeOwner().isEmpty() ? 0 : INDENT.length());
            w = Math.max(w, len);
        }
        return Math.min(w, MAX_ID_WIDTH);
    }

    static boolean isGroup(StepRun s) {
        return switch (s.getKind()) {
            case "foreach", "loop", "states", "dynamic" -> true;
            default -> false;
        };
    }

    private static boolean worthALook(StepRun s) {
        return switch (s.getStatus()) {
            case STEP_STATUS_RUNNING, STEP_STATUS_RETRY_WAIT, STEP_STATUS_HELD, STEP_STATUS_FAILED -> true;
            case STEP_STATUS_PENDING, STEP_STATUS_READY, STEP_STATUS_COMPLETED, STEP_STATUS_SKIPPED,
                 STEP_STATUS_CANCELLED, STEP_STATUS_UNSPECIFIED, UNRECOGNIZED -> false;
        };
    }

    static boolean isWaitingForSomeone(StepRun s) {
        return s.getStatus() == StepStatus.STEP_STATUS_RUNNING
                && (s.getKind().equals("approval") || s.getKind().equals("wait"));
    }
}
