package dev.weft.rollout;

import java.time.Instant;

/**
 * One change of the flag, as stored and audited: the newest change of a tenant/workflow is its
 * current setting.
 *
 * @param workflow the workflow it is for; "" for the tenant-wide value
 * @param value    the new value; null when the change cleared it
 * @param setBy    who changed it (the caller header), "unknown" when nobody said
 */
public record FlagChange(String tenant, String workflow, FlagValue value, String setBy, Instant setAt) {
    public static final String TENANT_WIDE = "";
    public static final String UNKNOWN_CALLER = "unknown";

    public boolean isTenantWide() {
        return workflow.isEmpty();
    }
}
