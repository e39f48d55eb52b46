package dev.weft.runtime;

import dev.weft.store.DeadLetter;
import dev.weft.store.DeadLetterResolution;
import dev.weft.store.OutboxMessage;
import dev.weft.store.TimerRow;
import java.util.List;

/**
 * A batch's effects turned into what the commit writes: outbox rows for dispatched tasks and
 * workflows to start, timer changes, dead letters. What happens after the commit (sending, waking
 * up for timers) is derived from the same plan, so each kind of effect is interpreted in exactly
 * one place ({@link EffectPlanner}).
 */
record EffectPlan(List<OutboxMessage> outbox, List<TimerRow> startTimers, List<String> cancelTimers,
                  boolean clearTimers, List<DeadLetter> deadLetters, List<DeadLetterResolution> resolutions) {
}
