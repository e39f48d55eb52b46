package dev.weft.fault;

import dev.weft.engine.ExecutionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How late things happened under the faults. Not invariants (a slow run is not a wrong run), but
 * the evidence of where a run stalled: how long a dispatched task took to reach an agent (outbox
 * and broker), and how late stored timers fired (retry backoffs, task deadlines, workflow
 * deadlines) compared with when they were due.
 *
 * @param retriesNeverFired retry timers still unfired more than 1 s after they were due when their execution ended
 */
record Timings(Duration maxDeliveryDelay, String slowestDelivery, Duration maxTimerLateness, String latestTimer,
               long retriesNeverFired) {

    static Timings of(StoredRun run, DeliveryLogs logs) {
        Duration maxDelivery = Duration.ZERO;
        String slowest = "-";
        Duration maxLate = Duration.ZERO;
        String latest = "-";
        long neverFired = 0;
        for (List<StoredRun.Event> events : run.events().values()) {
            Map<String, ExecutionEvent.TaskDispatched> dispatched = new HashMap<>();
            Map<String, ExecutionEvent.RetryScheduled> retries = new HashMap<>();
            Instant deadline = null;
            Instant ended = null;
            for (StoredRun.Event ev : events) {
                Duration late = null;
                String what = null;
                if (ev.event() instanceof ExecutionEvent.ExecutionStarted s) {
                    deadline = s.deadline();
                } else if (ev.event() instanceof ExecutionEvent.TaskDispatched d) {
                    dispatched.put(d.taskId(), d);
                    // A retry dispatched as its timer fired has no StepReady of its own (ADR 0012).
                    if (retries.remove(d.stepId() + "#" + d.attempt()) instanceof ExecutionEvent.RetryScheduled due) {
                        late = Duration.between(due.dueAt(), d.at());
                        what = "retry of " + d.stepId() + " attempt " + d.attempt();
                    }
                    Long received = logs.received().get(d.taskId());
                    Duration delay = received == null ? null : Duration.ofMillis(received - d.at().toEpochMilli());
                    if (delay != null && delay.compareTo(maxDelivery) > 0) {
                        maxDelivery = delay;
                        slowest = d.taskId();
                    }
                } else if (ev.event() instanceof ExecutionEvent.RetryScheduled r) {
                    retries.put(r.stepId() + "#" + r.nextAttempt(), r);
                } else if (ev.event() instanceof ExecutionEvent.StepReady r
                        && retries.remove(r.stepId() + "#" + r.attempt()) instanceof ExecutionEvent.RetryScheduled due) {
                    late = Duration.between(due.dueAt(), r.at());
                    what = "retry of " + r.stepId() + " attempt " + r.attempt();
                } else if (ev.event() instanceof ExecutionEvent.TaskTimedOut t && dispatched.get(t.taskId()) != null) {
                    late = Duration.between(dispatched.get(t.taskId()).deadline(), t.at());
                    what = "deadline of " + t.taskId();
                } else if (ev.event() instanceof ExecutionEvent.ExecutionTimedOut t && deadline != null) {
                    late = Duration.between(deadline, t.at());
                    what = "workflow deadline";
                }
                if (isTerminal(ev.type()) && ended == null) {
                    ended = ev.event().at();
                }
                if (late != null && late.compareTo(maxLate) > 0) {
                    maxLate = late;
                    latest = what + " (" + events.get(0).event().at() + ")";
                }
            }
            Instant end = ended;
            neverFired += retries.values().stream()
                    .filter(r -> end != null && end.isAfter(r.dueAt().plusSeconds(1))).count();
        }
        return new Timings(maxDelivery, slowest, maxLate, latest, neverFired);
    }

    private static boolean isTerminal(String type) {
        return type.equals("ExecutionCompleted") || type.equals("ExecutionFailed")
                || type.equals("ExecutionCancelled") || type.equals("ExecutionTimedOut");
    }

    String report() {
        return String.format("   timings: task delivery max %.1f s (%s); timers fired late by max %.1f s (%s);"
                        + " retry timers never fired though due > 1 s before their execution ended %d%n", maxDeliveryDelay.toMillis() / 1000.0, slowestDelivery,
                maxTimerLateness.toMillis() / 1000.0, latestTimer, retriesNeverFired);
    }
}
