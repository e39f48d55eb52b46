package dev.weft.cli.progress;

import dev.weft.api.v1.Execution;
import java.time.Instant;

/** Where a followed execution's progress goes: a terminal redrawn in place, or plain lines. */
public sealed interface ProgressScreen permits AnsiScreen, PlainScreen {

    /** The execution as it is now; called after each update and on each tick of the clock. */
    void show(Execution view, Instant now);

    /** A line of its own above the progress, e.g. who approved a step. */
    void note(String line);

    /** The last view, left on the screen once the execution ended or the stream stopped. */
    void finish(Execution view, Instant now);
}
