package dev.weft.agents;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides the log lines about unserved capabilities: one WARN when a capability with running
 * tasks has no live agent, one INFO when an agent serves it again, never a line per task or per
 * refresh. A warned capability whose tasks have all been gone for {@link #QUIET} is forgotten
 * silently, so a need that comes back much later is warned about again, while retries that leave
 * it without a running task for a moment are not.
 */
final class UnservedWarnings {
    static final Duration QUIET = Duration.ofMinutes(10);

    record Line(boolean warning, String text) {
    }

    /** Warned capabilities, with the last refresh that saw tasks waiting on them. */
    private final Map<String, Instant> warned = new HashMap<>();

    /** @param overall every capability across tenants ({@link LivenessView#overall()}) as of {@code now} */
    synchronized List<Line> observe(Instant now, List<CapabilityStatus> overall) {
        List<Line> lines = new ArrayList<>();
        for (CapabilityStatus s : overall) {
            String capability = s.capability();
            if (s.served()) {
                if (warned.remove(capability) != null) {
                    lines.add(new Line(false, "capability '" + capability + "' is served again by " + s.liveAgents()
                            + " live agent(s); " + s.runningTasks() + " dispatched task(s) can now be taken"));
                }
            } else if (s.runningTasks() > 0 && s.unservedSince() != null) {
                if (warned.put(capability, now) == null) {
                    lines.add(new Line(true, "capability '" + capability + "' has no live agent since "
                            + s.unservedSince().truncatedTo(ChronoUnit.SECONDS) + "; " + s.runningTasks()
                            + " dispatched task(s) wait in the broker until an agent for it connects"));
                }
            }
        }
        warned.values().removeIf(lastWaiting -> lastWaiting.plus(QUIET).isBefore(now));
        return lines;
    }
}
