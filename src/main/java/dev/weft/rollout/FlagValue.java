package dev.weft.rollout;

/**
 * One value of the rollout flag.
 *
 * @param percentage the share of starts, 0..100, that run live in the phases that take work
 *                   (simple, complex, on); the others run in shadow
 */
public record FlagValue(RolloutPhase phase, int percentage) {
    public static final int ALL = 100;

    public FlagValue {
        if (phase == null) {
            throw new IllegalArgumentException("phase: required");
        }
        String problem = percentageProblem(percentage);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Null when the percentage is fine; otherwise the error naming the field. */
    public static String percentageProblem(int percentage) {
        return percentage < 0 || percentage > ALL
                ? "percentage: expected 0..100, but got " + percentage : null;
    }

    @Override
    public String toString() {
        return phase.keyword() + " " + percentage + "%";
    }
}
