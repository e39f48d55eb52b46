package dev.weft.runtime;

import java.time.Instant;

/**
 * Which version new executions of a workflow run.
 *
 * @param version  the version a start without one runs
 * @param explicit whether SetDefaultVersion chose it (false: the latest, nobody set one or it was cleared)
 * @param setBy    who made the newest change, "" when none was made or it did not say
 * @param setAt    when the newest change was made; null when none was
 */
public record DefaultVersion(int version, boolean explicit, String setBy, Instant setAt) {
}
