package dev.weft.simulation;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Simulated time and the one queue of everything that will happen: network replies, broker
 * deliveries, timers, faults. One thread runs it, so every run of a seed takes the very same
 * steps in the very same order. Actions belong to a {@link Process}; those of a process that has
 * died are dropped when their time comes, as a crashed program never sees its replies.
 */
final class SimWorld implements InstantSource {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    /** Something that can crash: an engine replica, an agent. */
    static final class Process {
        final String name;
        private boolean alive = true;

        Process(String name) {
            this.name = name;
        }

        boolean alive() {
            return alive;
        }

        void kill() {
            alive = false;
        }

        @Override
        public String toString() {
            return name + (alive ? "" : " (dead)");
        }
    }

    /** The world itself never dies: its actions (the database applying a commit) always happen. */
    final Process world = new Process("world");

    private record Scheduled(long at, long order, Process owner, Runnable action) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(order, o.order);
        }
    }

    final Random random;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private long nowMillis = T0.toEpochMilli();
    private long order;
    private long steps;
    /** A running fingerprint of what happened, to prove that a seed replays exactly. */
    private long trace = 17;

    SimWorld(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(nowMillis);
    }

    @Override
    public long millis() {
        return nowMillis;
    }

    void after(Process owner, long delayMillis, Runnable action) {
        queue.add(new Scheduled(nowMillis + Math.max(0, delayMillis), order++, owner, action));
    }

    void after(Process owner, Duration delay, Runnable action) {
        after(owner, delay.toMillis(), action);
    }

    /** A network or disk latency: mostly short, sometimes long, so messages overtake each other. */
    long latency() {
        int roll = random.nextInt(100);
        return roll < 70 ? random.nextInt(3) : roll < 95 ? 2 + random.nextInt(20) : 20 + random.nextInt(400);
    }

    /** Runs one action; false when nothing is left to happen before {@code untilMillis}. */
    boolean step(long untilMillis) {
        Scheduled next = queue.peek();
        if (next == null || next.at() > untilMillis) {
            return false;
        }
        queue.poll();
        nowMillis = Math.max(nowMillis, next.at());
        if (next.owner().alive()) {
            steps++;
            trace = trace * 31 + next.order();
            next.action().run();
        }
        return true;
    }

    /** Runs everything due up to {@code untilMillis}, then moves the clock there. */
    void runUntil(long untilMillis) {
        while (step(untilMillis)) {
            // keep going
        }
        nowMillis = Math.max(nowMillis, untilMillis);
    }

    long steps() {
        return steps;
    }

    long trace() {
        return trace;
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }
}
