package dev.weft.runtime;

import dev.weft.engine.Command;
import dev.weft.engine.CommandRejectedException;
import dev.weft.engine.ExecutionState;
import dev.weft.store.DeadLetterQuery;
import dev.weft.store.PgDeadLetterStore;
import dev.weft.store.StoredDeadLetter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.InstantSource;
import java.util.List;

/**
 * Dead letters for operators: list and inspect them, replay one (its step runs again in its
 * execution) or set it aside. A replay or a discard of a letter that belongs to an execution is
 * a command to that execution, so its history records it in the same commit that marks the letter.
 */
@ApplicationScoped
public class DeadLetters {

    /** The letter as it is now, and for a replay the execution that runs its step again. */
    public record Outcome(StoredDeadLetter letter, ExecutionState execution) {
    }

    @Inject
    PgDeadLetterStore store;
    @Inject
    ExecutionRuntime runtime;
    @Inject
    InstantSource clock;

    public Uni<List<StoredDeadLetter>> list(DeadLetterQuery query) {
        return store.list(query);
    }

    /** @throws DeadLetterNotFoundException (as the failure) when the tenant has no such letter */
    public Uni<StoredDeadLetter> get(String tenant, long id) {
        return store.get(tenant, id).map(found -> found.orElseThrow(() -> new DeadLetterNotFoundException(id)));
    }

    public Uni<Outcome> replay(String tenant, long id, String reason) {
        return open(tenant, id).chain(letter -> {
            if (letter.letter().executionId() == null || letter.letter().stepId() == null) {
                return Uni.createFrom().failure(new CommandRejectedException("id: dead letter " + id
                        + " names no step of an execution to run again (" + letter.letter().reason() + ")"));
            }
            return runtime.submit(letter.letter().executionId(),
                            new Command.RetryStep(letter.letter().stepId(), id, reason))
                    .chain(state -> get(tenant, id).map(now -> new Outcome(now, state)));
        });
    }

    public Uni<StoredDeadLetter> discard(String tenant, long id, String reason) {
        return open(tenant, id).chain(letter -> {
            String why = reason == null || reason.isBlank() ? "discarded by an operator" : reason;
            Uni<Boolean> direct = Uni.createFrom().deferred(() -> store.resolve(id, "DISCARDED", why, clock.instant()));
            Uni<?> done = letter.letter().executionId() == null ? direct
                    : runtime.submit(letter.letter().executionId(), new Command.DiscardDeadLetter(id, why))
                    .replaceWith(true)
                    .onFailure(ExecutionNotFoundException.class).recoverWithUni(() -> direct);
            return done.chain(() -> get(tenant, id));
        });
    }

    private Uni<StoredDeadLetter> open(String tenant, long id) {
        return get(tenant, id).invoke(letter -> {
            if (!letter.status().equals("OPEN")) {
                throw new CommandRejectedException("id: dead letter " + id + " was already " + letter.status()
                        + (letter.resolution() == null ? "" : " (" + letter.resolution() + ")"));
            }
        });
    }
}
