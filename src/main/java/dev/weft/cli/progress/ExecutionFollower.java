package dev.weft.cli.progress;

import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionChange;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.cli.render.ExecutionBoard;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Follows a WatchExecution stream to its end onto a {@link ProgressScreen}. The stream is read on a
 * thread of its own, so the screen also moves on between updates (elapsed times, estimates); updates
 * that arrive together are drawn once.
 */
public final class ExecutionFollower {

    /** Told of every committed change in order, once it is drawn (the demo approves here). */
    @FunctionalInterface
    public interface ChangeListener {
        ChangeListener NONE = (change, screen) -> { };

        void changed(ExecutionChange change, ProgressScreen screen);
    }

    private sealed interface Item {
        record Update(ExecutionUpdate update) implements Item { }
        record End() implements Item { }
        record Failed(RuntimeException failure) implements Item { }
    }

    private final ProgressScreen screen;
    private final InstantSource clock;
    private final Duration tick;

    public ExecutionFollower(ProgressScreen screen, InstantSource clock, Duration tick) {
        this.screen = screen;
        this.clock = clock;
        this.tick = tick;
    }

    /** Returns the execution as the stream left it; a stream that failed rethrows its failure. */
    public Execution follow(Iterator<ExecutionUpdate> updates, ChangeListener listener) throws InterruptedException {
        BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofPlatform().daemon().name("weft-watch").start(() -> read(updates, queue));
        ExecutionBoard board = new ExecutionBoard();
        boolean seen = false;
        try {
            while (true) {
                Item first = queue.poll(tick.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (seen) {
                        screen.show(board.view(), clock.instant());
                    }
                    continue;
                }
                List<Item> items = new ArrayList<>(List.of(first));
                queue.drainTo(items);
                List<ExecutionChange> changes = new ArrayList<>();
                boolean ended = false;
                for (Item item : items) {
                    switch (item) {
                        case Item.Update(ExecutionUpdate u) -> {
                            board.apply(u);
                            seen = true;
                            if (u.hasChange()) {
                                changes.add(u.getChange());
                            }
                        }
                        case Item.End() -> ended = true;
                        case Item.Failed(RuntimeException failure) -> {
                            if (seen) {
                                screen.finish(board.view(), clock.instant());
                            }
                            throw failure;
                        }
                    }
                }
                if (ended) {
                    tell(listener, changes);
                    screen.finish(board.view(), clock.instant());
                    return board.view();
                }
                screen.show(board.view(), clock.instant());
                tell(listener, changes);
            }
        } finally {
            reader.interrupt();
        }
    }

    /** After the screen shows them, so that what a listener notes follows what it reacts to. */
    private void tell(ChangeListener listener, List<ExecutionChange> changes) {
        changes.forEach(c -> listener.changed(c, screen));
    }

    private static void read(Iterator<ExecutionUpdate> updates, BlockingQueue<Item> queue) {
        try {
            while (updates.hasNext()) {
                queue.add(new Item.Update(updates.next()));
            }
            queue.add(new Item.End());
        } catch (RuntimeException e) {
            queue.add(new Item.Failed(e));
        }
    }
}
