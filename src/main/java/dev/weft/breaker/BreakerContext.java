package dev.weft.breaker;

import java.time.InstantSource;

/** What every capability's breaker of one replica shares. */
record BreakerContext(BreakerStore store, InstantSource clock, String replica, Sink sink) {

    /** Where a breaker reports what the engine must hear of. */
    interface Sink {
        void transitioned(BreakerTransition transition);

        void permitGranted(String capability);
    }
}
