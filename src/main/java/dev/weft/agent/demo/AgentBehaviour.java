package dev.weft.agent.demo;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a demo agent process treats the engine: correctly, or like one of the broken agents a
 * durable engine must survive. Chosen with {@code weft agents --behaviour}.
 */
public enum AgentBehaviour {
    /** Answers every task once, per the protocol. */
    NORMAL("normal"),
    /** Halts the process (no cleanup, no answer) on receiving its N-th task, like a crash mid-task. */
    CRASH_AFTER_RECEIVE("crash-after-receive"),
    /** Sends every result twice, as an agent that retries a send it thinks was lost. */
    DOUBLE("double"),
    /** Sends some results with an unreadable body or an unknown status, the rest normally. */
    GARBAGE("garbage");

    private final String flag;

    AgentBehaviour(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    /** @throws IllegalArgumentException naming the option and the accepted values */
    public static AgentBehaviour parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (AgentBehaviour b : values()) {
            if (b.flag.equals(wanted)) {
                return b;
            }
        }
        throw new IllegalArgumentException("--behaviour: expected one of "
                + Arrays.stream(values()).map(AgentBehaviour::flag).collect(Collectors.joining(", "))
                + ", but got '" + value + "'");
    }
}
