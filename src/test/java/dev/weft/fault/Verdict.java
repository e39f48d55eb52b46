package dev.weft.fault;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one scenario: its figures and every invariant it broke. {@link #report()} is the
 * block the suite prints for each scenario, pass or fail.
 */
record Verdict(String scenario, String faults, Figures figures, Timings timings, List<String> violations,
               Duration elapsed) {

    /** Counted from the database and the agents' delivery logs once the run went quiet (or the wait ran out). */
    record Figures(int executions, long completed, long failed, long timedOut, long cancelled, long stuck,
                   long duplicatesSeen, long otherIgnoredResults, long deadLetters, long taskTimeouts, long retries,
                   long undelivered, long unrecorded, long silentGarbage, long outboxRows, long timersOfEnded,
                   long duplicateStarts, long resultsSent) {

        /** Dispatched tasks no agent ever received, plus results the broker accepted that left no trace. */
        long lost() {
            return undelivered + unrecorded;
        }
    }

    boolean holds() {
        return violations.isEmpty();
    }

    String report() {
        Figures f = figures;
        StringBuilder b = new StringBuilder();
        b.append(String.format("%n== fault scenario %s: %s (%.1f s)%n", scenario, holds() ? "PASS" : "FAIL",
                elapsed.toMillis() / 1000.0));
        b.append(String.format("   executions %d: completed %d, failed %d, timed out %d, cancelled %d%n",
                f.executions(), f.completed(), f.failed(), f.timedOut(), f.cancelled()));
        b.append("   faults injected: ").append(faults).append('\n');
        b.append(String.format("   duplicates seen %d ('duplicate result'), other ignored results %d, dead letters %d,"
                + " results sent by agents %d%n", f.duplicatesSeen(), f.otherIgnoredResults(), f.deadLetters(),
                f.resultsSent()));
        b.append(String.format("   task timeouts %d, retries %d, duplicate starts %d, garbage answers not in the history %d%n",
                f.taskTimeouts(), f.retries(), f.duplicateStarts(), f.silentGarbage()));
        b.append(String.format("   stuck = %d, lost = %d (undelivered tasks %d, unrecorded results %d), outbox rows %d,"
                + " timers of ended executions %d%n", f.stuck(), f.lost(), f.undelivered(), f.unrecorded(),
                f.outboxRows(), f.timersOfEnded()));
        b.append(timings.report());
        violations.forEach(v -> b.append("   VIOLATION ").append(v).append('\n'));
        return b.toString();
    }
}
