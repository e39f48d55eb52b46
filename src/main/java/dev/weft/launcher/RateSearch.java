package dev.weft.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Finds the highest offered rate a system sustains: the rate doubles from {@code start} while
 * trials pass, then the interval between the last rate that passed and the first that failed is
 * halved until it is narrower than {@code precision} of its top (or {@code maxTrials} ran). A
 * trial passes when its latency percentile stays under the target and the completions kept up
 * with what was offered; one trial per rate, so the figure is a measurement, not a guarantee.
 */
final class RateSearch {

    /** One trial at an offered rate (tasks per second). */
    record Trial(double offered, double achieved, double p50Ms, double p95Ms, double p99Ms) {
        /** Under the target, and at least {@code keepUp} of the offered rate completed. */
        boolean passes(double p99TargetMs, double keepUp) {
            return p99Ms < p99TargetMs && achieved >= keepUp * offered;
        }
    }

    /** The trials in the order they ran, and the best that passed (null when none did). */
    record Result(List<Trial> trials, Trial best) {
    }

    private final double p99TargetMs;
    private final double keepUp;
    private final double precision;
    private final int maxTrials;

    RateSearch(double p99TargetMs, double keepUp, double precision, int maxTrials) {
        this.p99TargetMs = p99TargetMs;
        this.keepUp = keepUp;
        this.precision = precision;
        this.maxTrials = maxTrials;
    }

    /** @param trial runs the system at a rate and measures it */
    Result search(double start, double ceiling, DoubleFunction<Trial> trial) {
        List<Trial> trials = new ArrayList<>();
        Trial best = null;
        double low = 0;
        double high = Double.POSITIVE_INFINITY;
        double rate = start;
        while (trials.size() < maxTrials) {
            Trial t = trial.apply(rate);
            trials.add(t);
            if (t.passes(p99TargetMs, keepUp)) {
                low = rate;
                best = t;
            } else {
                high = rate;
            }
            if (high == Double.POSITIVE_INFINITY) {
                if (rate >= ceiling) {
                    break; // passed at the ceiling: the system is faster than the search goes
                }
                rate = Math.min(ceiling, rate * 2);
            } else if ((high - low) / high <= precision) {
                break;
            } else {
                rate = (low + high) / 2;
            }
        }
        return new Result(trials, best);
    }
}
