package dev.weft.cli.render;

/**
 * Every line layout the client prints, in one place, so the board, the plain lines and the tables
 * stay aligned with each other.
 */
public final class Formats {
    /** mark, execution id, workflow, version, status, elapsed, eta (may be empty). */
    public static final String HEADER = "%s %s  %s v%d  %s  %s%s";
    /** indent, mark, step id (padded), status, attempt, who ran it, elapsed, what else to say. */
    public static final String STEP = "%s%s %-{id}s  %-10s  %-9s  %-26s %7s%s";
    /** attempt of max attempts. */
    public static final String ATTEMPT = "try %d/%d";
    public static final String ATTEMPT_UNBOUNDED = "try %d";
    /** capability, and the agent instance that answered. */
    public static final String AGENT = "%s by %s";
    /** a group's instances not shown one by one. */
    public static final String MORE = "%s… %d more %s";
    /** Under the board while an approval waits: how to decide it. */
    public static final String APPROVAL_HINT = "decide: weft approve %1$s %2$s   (or: weft reject %1$s %2$s)";
    public static final String OUTPUT = "output: %s";
    public static final String ERROR = "error: %s: %s";
    /** run: what it registered and started, and where. */
    public static final String STARTED = "registered %s v%d, started %s on %s";
    /** approve/reject: the decision, the step and who decided. */
    public static final String DECIDED = "%s %s as %s";
    /** signal: one line per execution it was recorded for. */
    public static final String SIGNAL_RECORDED = "signal %s recorded for %s";
    public static final String SIGNAL_DUPLICATE = "signal %s was already recorded for %s";
    /** ls: how to read the next page. */
    public static final String MORE_PAGES = "more: weft ls --page-token %s";
    /** What a step line adds after its columns. */
    public static final String WAITING_FOR_APPROVAL = "  waiting for approval: %s";
    public static final String WAITING_FOR_SIGNAL = "  waiting for a signal";
    public static final String RETRY_IN = "  retry in %s";
    public static final String STEP_ERROR = "  %s: %s";
    public static final String SKIPPED_BECAUSE = "  (%s)";
    public static final String CHILD = "child %s";
    public static final String ROUND = "round %d";
    public static final String AT_STATE = "at %s";
    public static final String UNREACHABLE = "weft: cannot reach the engine at %s (%s)";
    public static final String CALL_FAILED = "weft: %s: %s";

    private Formats() {
    }

    /** The step layout with the id column {@code width} wide. */
    public static String step(int width) {
        return STEP.replace("{id}", Integer.toString(Math.max(1, width)));
    }
}
