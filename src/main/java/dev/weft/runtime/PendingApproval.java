package dev.weft.runtime;

import java.time.Instant;
import java.util.List;

/**
 * An approval step waiting for a decision, as ListApprovals shows it.
 *
 * @param approvers who may decide; empty = anyone of the tenant
 * @param timeoutAt when it fails with approval_timeout, or null
 */
public record PendingApproval(String executionId, String workflow, String stepId, int attempt, String prompt,
                              List<String> approvers, Instant since, Instant timeoutAt) {
}
