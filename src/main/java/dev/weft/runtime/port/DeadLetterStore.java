package dev.weft.runtime.port;

import dev.weft.store.DeadLetter;
import io.smallrye.mutiny.Uni;

/** Messages that could not be used as they are: kept with the reason, never dropped. */
public interface DeadLetterStore {
    /** The item is the dead letter's id. */
    Uni<Long> add(DeadLetter letter);
}
