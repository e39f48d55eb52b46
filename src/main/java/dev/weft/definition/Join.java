package dev.weft.definition;

/**
 * How many of a step's dependencies must complete before it runs.
 *
 * @param quorum       for {@link Mode#QUORUM}: how many; 1 for {@link Mode#ANY}; 0 for {@link Mode#ALL}
 * @param cancelOthers when the step runs, its dependencies still open are skipped (their tasks' results
 *                     come too late and are recorded as ignored)
 */
public record Join(Mode mode, int quorum, boolean cancelOthers) {
    /** The default: every dependency has ended. */
    public static final Join ALL = new Join(Mode.ALL, 0, false);

    public enum Mode { ALL, ANY, QUORUM }

    public boolean isAll() {
        return mode == Mode.ALL;
    }

    /** How many dependencies must have completed, of {@code dependencies}. */
    public int required(int dependencies) {
        return switch (mode) {
            case ALL -> dependencies;
            case ANY -> 1;
            case QUORUM -> quorum;
        };
    }
}
