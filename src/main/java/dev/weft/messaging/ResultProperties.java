package dev.weft.messaging;

import dev.weft.agent.AgentProtocol;

/** Application properties the engine reads on a result message (docs/agent-protocol.md §4); the names are the protocol's. */
final class ResultProperties {
    static final String TASK_ID = AgentProtocol.PROP_TASK_ID;
    static final String AGENT_ID = AgentProtocol.PROP_AGENT_ID;
    static final String TENANT = AgentProtocol.PROP_TENANT;
    /** The deployment (database) whose task this answers, copied from the task. */
    static final String DEPLOYMENT = AgentProtocol.PROP_DEPLOYMENT;
    /** Not an application property: the AMQP correlation id, put into the same map by the receiver. */
    static final String CORRELATION_ID = "correlation-id";

    private ResultProperties() {
    }
}
