package dev.weft.simulation;

/**
 * The faults a seed injects, and their rates. While the world is {@link #calm() calm} there are
 * none: every execution must then reach its end in bounded time, without waiting for a task
 * deadline that only a lost message would make it wait for.
 */
final class SimFaults {
    private final int failPercent;
    private final int lostReplyPercent;
    private final int lostNotificationPercent;
    private final int lostAckPercent;
    private final int brokerRefusalPercent;
    private boolean databaseDown;
    private boolean brokerDown;
    private boolean calm;

    SimFaults(SimWorld world) {
        // Each seed its own mix: some seeds nearly fault-free, some hostile.
        failPercent = pick(world, 0, 0, 2, 5, 15);
        lostReplyPercent = pick(world, 0, 0, 2, 5, 10);
        lostNotificationPercent = pick(world, 0, 10, 50);
        lostAckPercent = pick(world, 0, 0, 2, 10);
        brokerRefusalPercent = pick(world, 0, 0, 2, 10);
    }

    private static int pick(SimWorld world, int... choices) {
        return choices[world.random.nextInt(choices.length)];
    }

    void calmDown() {
        calm = true;
        databaseDown = false;
        brokerDown = false;
    }

    boolean calm() {
        return calm;
    }

    int failPercent() {
        return calm ? 0 : failPercent;
    }

    int lostReplyPercent() {
        return calm ? 0 : lostReplyPercent;
    }

    int lostNotificationPercent() {
        return calm ? 0 : lostNotificationPercent;
    }

    /** The broker took a message, but its acceptance never reaches the sender. */
    int lostAckPercent() {
        return calm ? 0 : lostAckPercent;
    }

    /** The broker refuses a message (a link error), and says so. */
    int brokerRefusalPercent() {
        return calm ? 0 : brokerRefusalPercent;
    }

    boolean databaseDown() {
        return databaseDown;
    }

    void databaseDown(boolean down) {
        databaseDown = down && !calm;
    }

    boolean brokerDown() {
        return brokerDown;
    }

    void brokerDown(boolean down) {
        brokerDown = down && !calm;
    }
}
