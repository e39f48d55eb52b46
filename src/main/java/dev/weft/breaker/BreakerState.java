package dev.weft.breaker;

/** The three states of a capability's breaker; {@link #gaugeValue()} is what the state gauge exports. */
public enum BreakerState {
    /** Tasks go out; their outcomes are counted. */
    CLOSED(0),
    /** A bounded number of probe tasks go out; their outcomes decide between CLOSED and OPEN. */
    HALF_OPEN(1),
    /** No task goes out until the open delay ran out. */
    OPEN(2);

    private final int gaugeValue;

    BreakerState(int gaugeValue) {
        this.gaugeValue = gaugeValue;
    }

    /** 0 closed, 1 half-open, 2 open: the higher, the less gets through. */
    public int gaugeValue() {
        return gaugeValue;
    }
}
