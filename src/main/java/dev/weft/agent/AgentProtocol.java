package dev.weft.agent;

/**
 * Names on the wire between the engine and agents (see docs/agent-protocol.md). The engine side
 * uses the same strings; changing one here is a protocol change.
 */
public final class AgentProtocol {

    /** Version an agent announces in its heartbeats. */
    public static final String AGENT_VERSION = "0.1.0";

    public static final String TASK_ADDRESS_PREFIX = "weft.tasks.";
    public static final String RESULTS_ADDRESS = "weft.results";
    public static final String HEARTBEAT_ADDRESS = "weft.agents.heartbeat";
    /** Source/target capability that makes a broker treat an address as a (point-to-point) queue. */
    public static final String QUEUE_CAPABILITY = "queue";
    public static final String CONTENT_TYPE_JSON = "application/json";

    public static final String PROP_TASK_ID = "weft-task-id";
    public static final String PROP_EXECUTION_ID = "weft-execution-id";
    /** The step instance (ADR 0005): the step id, or e.g. {@code per_section[2].draft} inside a foreach. */
    public static final String PROP_STEP_ID = "weft-step-id";
    /** The definition's step id of the instance, for routing and display (equal to weft-step-id outside scopes). */
    public static final String PROP_STEP = "weft-step";
    public static final String PROP_ATTEMPT = "weft-attempt";
    public static final String PROP_CAPABILITY = "weft-capability";
    public static final String PROP_TENANT = "weft-tenant";
    public static final String PROP_IDEMPOTENCY_KEY = "weft-idempotency-key";
    public static final String PROP_DEADLINE = "weft-deadline";
    public static final String PROP_AGENT_ID = "weft-agent-id";
    public static final String PROP_TRACEPARENT = "traceparent";
    /** By when (epoch ms) the agent must say it started the task; when set, agents send a {@code started} notice. */
    public static final String PROP_QUEUE_DEADLINE = "weft-queue-deadline";
    /** Which deployment (engine database) a task belongs to; agents copy it onto the result. */
    public static final String PROP_DEPLOYMENT = "weft-deployment";
    /**
     * {@code true} on a task of a shadow execution (ADR 0015): the agent computes its result as
     * usual but must cause no side effect (send nothing, write nothing, charge nothing). Absent otherwise.
     */
    public static final String PROP_SHADOW = "weft-shadow";

    public static final String STATUS_COMPLETED = "completed";
    public static final String STATUS_FAILED = "failed";
    /** Not a result: the agent took the task (sent only for tasks with a queue deadline). */
    public static final String STATUS_STARTED = "started";
    public static final String HEARTBEAT_ALIVE = "alive";
    public static final String HEARTBEAT_STOPPING = "stopping";

    /** The handler threw or its future failed. */
    public static final String ERROR_AGENT = "agent_error";
    /** The task message could be identified but not understood (unreadable body, missing fields). */
    public static final String ERROR_BAD_TASK = "bad_task";
    /** The agent gave up because the task's deadline passed before the handler finished. */
    public static final String ERROR_DEADLINE = "deadline_exceeded";

    private AgentProtocol() {
    }

    public static String taskAddress(String capability) {
        return TASK_ADDRESS_PREFIX + capability;
    }
}
