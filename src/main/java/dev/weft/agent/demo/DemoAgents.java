package dev.weft.agent.demo;

import java.time.Duration;

import dev.weft.agent.AgentOptions;
import dev.weft.agent.AgentRunner;
import dev.weft.agent.WireHooks;

/** The demo capabilities (echo, text, flaky, slow, reviewer) served by one {@link AgentRunner}. */
public final class DemoAgents {

    private DemoAgents() {
    }

    /**
     * Connects and returns a started runner; close it to stop the agents. The agent id is
     * {@code <agentIdPrefix>-<pid>} so that several demo processes can be told apart.
     */
    public static AgentRunner startAll(String host, int port, String agentIdPrefix) {
        return startAll(AgentOptions.of(host, port, agentIdPrefix + "-" + ProcessHandle.current().pid()));
    }

    public static AgentRunner startAll(AgentOptions options) {
        return startAll(options, WireHooks.NONE);
    }

    /** As {@link #startAll(AgentOptions)}, with hooks that log or misbehave (see {@link BehaviourHooks}). */
    public static AgentRunner startAll(AgentOptions options, WireHooks hooks) {
        return AgentRunner.builder(options)
                .hooks(hooks)
                .handler(EchoAgent.CAPABILITY, new EchoAgent())
                .handler(TextAgent.CAPABILITY, new TextAgent())
                .handler(FlakyAgent.CAPABILITY, new FlakyAgent())
                .handler(SlowAgent.CAPABILITY, new SlowAgent())
                .handler(ReviewerAgent.CAPABILITY, new ReviewerAgent())
                .build()
                .startAndWait(Duration.ofSeconds(30));
    }
}
