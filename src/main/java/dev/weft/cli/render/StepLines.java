package dev.weft.cli.render;

import com.google.protobuf.Value;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One line for a step or an instance: its symbol, id, status, attempt, who ran it, how long it took
 * and what else a person should know (a progress bar for a group, what a wait waits for, the error).
 */
public final class StepLines {
    private final boolean unicode;
    private final int idWidth;

    public StepLines(boolean unicode, int idWidth) {
        this.unicode = unicode;
        this.idWidth = idWidth;
    }

    /** A step that runs alone, or an instance ({@code indent} shows it under its group). */
    public String line(String indent, StepRun s, Instant now) {
        return format(indent, s, who(s), extra(s, now), now);
    }

    /** A group's own line: a bar over its instances for foreach and dynamic, the round for a loop. */
    public String groupLine(StepRun s, List<StepRun> instances, Instant now) {
        int done = (int) instances.stream().filter(i -> Statuses.ended(i.getStatus())).count();
        String progress = switch (s.getKind()) {
            case "loop" -> String.format(Formats.ROUND, instances.stream().mapToInt(StepRun::getRound).max().orElse(1));
            case "states" -> instances.isEmpty() ? ""
                    : String.format(Formats.AT_STATE, instances.getLast().getStepId().substring(s.getStepId().length() + 1));
            default -> ProgressBar.of(done, instances.size(), unicode);
        };
        String extra = extra(s, now);
        boolean counted = s.getKind().equals("foreach") || s.getKind().equals("dynamic");
        if (counted && !Statuses.ended(s.getStatus()) && s.hasStartedAt()) {
            Duration elapsed = Duration.between(Elapsed.instant(s.getStartedAt()), now);
            extra += Eta.atPace(done, instances.size(), elapsed).map(d -> "  " + Eta.label(d)).orElse("");
        }
        // A group's attempt is not a try of anything a person waits for; its instances have theirs.
        return format("", s, "", progress, extra, now);
    }

    private String format(String indent, StepRun s, String who, String extra, Instant now) {
        return format(indent, s, attempt(s), who, extra, now);
    }

    private String format(String indent, StepRun s, String attempt, String who, String extra, Instant now) {
        String id = indent + s.getStepId();
        return String.format(Formats.step(idWidth), "", Mark.of(s.getStatus()).glyph(unicode), id,
                Statuses.word(s.getStatus()), attempt, who,
                Elapsed.between(s.getStartedAt(), s.getCompletedAt(), now), extra).stripTrailing();
    }

    private static String attempt(StepRun s) {
        if (s.getAttempt() <= 0) {
            return "";
        }
        return s.getMaxAttempts() > 1 ? String.format(Formats.ATTEMPT, s.getAttempt(), s.getMaxAttempts())
                : String.format(Formats.ATTEMPT_UNBOUNDED, s.getAttempt());
    }

    private static String who(StepRun s) {
        if (!s.getChildExecutionId().isEmpty()) {
            return String.format(Formats.CHILD, shortId(s.getChildExecutionId()));
        }
        if (s.getAgent().isEmpty()) {
            return s.getKind().equals("agent") ? "" : s.getKind();
        }
        return s.getAgentId().isEmpty() ? s.getAgent() : String.format(Formats.AGENT, s.getAgent(), s.getAgentId());
    }

    /** What the columns do not say: why it waits, why it failed, why it was skipped. */
    private static String extra(StepRun s, Instant now) {
        StringBuilder b = new StringBuilder();
        StepStatus status = s.getStatus();
        if (status == StepStatus.STEP_STATUS_RUNNING && s.getKind().equals("approval")) {
            b.append(String.format(Formats.WAITING_FOR_APPROVAL, field(s.getInput(), "prompt")));
        } else if (status == StepStatus.STEP_STATUS_RUNNING && s.getKind().equals("wait")) {
            b.append(Formats.WAITING_FOR_SIGNAL);
        } else if (status == StepStatus.STEP_STATUS_RETRY_WAIT && s.hasNextAttemptAt()) {
            b.append(String.format(Formats.RETRY_IN,
                    Elapsed.format(Duration.between(now, Elapsed.instant(s.getNextAttemptAt())))));
        }
        if (s.hasError() && (status == StepStatus.STEP_STATUS_FAILED || status == StepStatus.STEP_STATUS_RETRY_WAIT)) {
            b.append(String.format(Formats.STEP_ERROR, s.getError().getType(), s.getError().getMessage()));
        }
        if (status == StepStatus.STEP_STATUS_SKIPPED && !s.getSkipReason().isEmpty()) {
            b.append(String.format(Formats.SKIPPED_BECAUSE, s.getSkipReason()));
        }
        if (s.getInFallback()) {
            b.append("  fallback");
        }
        if (!s.getNotice().isEmpty()) {
            b.append("  ").append(s.getNotice());
        }
        return b.toString();
    }

    private static String field(Value v, String name) {
        Value f = v.getStructValue().getFieldsOrDefault(name, Value.getDefaultInstance());
        return f.hasStringValue() ? f.getStringValue() : JsonText.of(f);
    }

    public static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
