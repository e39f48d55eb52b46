package dev.weft.breaker;

import java.util.function.Consumer;

/** Announcements of changes to the shared table, from every replica ({@link PgBreakerFeed} in production). */
public interface BreakerFeed extends AutoCloseable {

    /**
     * @param changed  called with the capability whose row some replica changed
     * @param listened called whenever listening (re)started: announcements may have been missed
     *                 before it, so everything should be re-read
     */
    void start(Consumer<String> changed, Runnable listened);

    @Override
    void close();

    /** For a replica that learns of changes only by re-reading the table on its tick. */
    BreakerFeed NONE = new BreakerFeed() {
        @Override
        public void start(Consumer<String> changed, Runnable listened) {
        }

        @Override
        public void close() {
        }
    };
}
