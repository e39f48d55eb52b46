package dev.weft.runtime.port;

import java.time.Duration;

/** Runs an action once after a delay (a Vert.x timer in production, simulated time in tests). */
public interface Delays {
    void after(Duration delay, Runnable action);
}
