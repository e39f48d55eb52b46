package dev.weft.runtime;

import dev.weft.engine.Effect;
import dev.weft.messaging.OutboxRelay;
import dev.weft.store.CommitRequest;
import dev.weft.store.OutboxMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Carries out a decision's effects once it has committed. Everything here is an optimisation of
 * what the stored rows already guarantee: a lost send is swept from the outbox, a missed
 * wake-up is caught by the timer poll.
 */
@ApplicationScoped
public class EffectHandlers {

    @Inject
    OutboxRelay relay;
    @Inject
    TimerService timers;

    void afterCommit(CommitRequest request, List<OutboxMessage> sent) {
        if (!sent.isEmpty()) {
            relay.send(sent);
        }
        for (Effect effect : request.effects()) {
            if (effect instanceof Effect.StartTimer t) {
                timers.wakeUpBy(t.dueAt());
            }
        }
    }
}
