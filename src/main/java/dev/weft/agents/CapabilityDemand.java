package dev.weft.agents;

import java.time.Instant;

/**
 * Dispatched tasks of one tenant's running executions that wait on one capability.
 *
 * @param runningTasks      steps RUNNING on the capability
 * @param firstDispatchedAt the first dispatch of the longest-waiting of them: since when the
 *                          engine has needed the capability without a break
 */
public record CapabilityDemand(String tenant, String capability, int runningTasks, Instant firstDispatchedAt) {
}
