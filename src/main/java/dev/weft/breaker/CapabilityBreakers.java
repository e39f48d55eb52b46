package dev.weft.breaker;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A circuit breaker per agent capability, the same on every replica. See the package
 * documentation for the rules and for where the engine calls each method.
 */
public interface CapabilityBreakers {

    /**
     * May a new task of this capability go out now? Never blocks: a map lookup and a volatile read.
     * CLOSED admits; OPEN refuses until its delay ran out; HALF_OPEN admits as many probe tasks as
     * this replica holds permits for (claimed from the shared table, in all at most the configured
     * {@code probes}) and refuses the rest. Call it once per task that will really be sent: an
     * admitted probe uses up a permit.
     */
    Admission admit(String capability);

    /**
     * A task of this capability was sent (its dispatch committed) with this deadline. While the
     * breaker is half-open that task is a probe: counting it sent tells every replica that its
     * permit was used, so a permit claimed by a replica that stopped before sending is known as
     * lost within {@link HalfOpenRounds#PROBE_SEND_TIMEOUT}. Otherwise it changes nothing.
     */
    void dispatched(String capability, Instant deadline);

    /**
     * Would a held task of this capability get anywhere if it were admitted again now? True when
     * no replica has seen the capability, when its breaker is CLOSED, or when it is HALF_OPEN and
     * either a probe permit can still be claimed or this replica holds one unused; false while
     * OPEN or while every permit is out with a probe. The periodic sweep of held steps asks this,
     * so that a lost wake-up (a process killed between a transition or a granted permit and the
     * release it causes) costs seconds, while a breaker that really refuses causes no churn.
     */
    boolean mayRelease(String capability);

    /** The outcome of one task of this capability, as the engine learns it; once per outcome in the whole cluster. */
    void record(String capability, Outcome outcome);

    /** What this replica knows of the capability's breaker; empty when no replica has seen a task of it. */
    Optional<BreakerStatus> status(String capability);

    /** Every known capability's breaker, by capability. */
    List<BreakerStatus> all();

    /**
     * Every transition of any replica's breakers, delivered once on every replica that knows the
     * capability (with {@link BreakerTransition#local()} true on the one that made it), so held
     * tasks can be released and the histories told. A replica knows a capability from the first
     * task of it that it admits or records, or from the table (read at start, on every tick and on
     * every announcement); one that learns of it only after a transition reports none of the
     * earlier ones, as it holds no task of it. A replica that missed intermediate changes (its
     * LISTEN connection was down) reports one transition from the state it knew to the current one.
     * Called on an event-loop thread: do not block in it.
     */
    void onTransition(Consumer<BreakerTransition> listener);

    /**
     * This replica claimed a probe permit for a half-open capability (after {@link #admit} refused
     * a task of it for want of one): admit its held tasks again, one of them will be let through.
     * Called on an event-loop thread: do not block in it.
     */
    void onProbePermit(Consumer<String> listener);

    /**
     * An operator closes the breaker by hand, whatever its state; recorded as "reset by {@code who}".
     *
     * @return the status after it; fails with {@link UnknownCapabilityException} for a capability
     * no replica has seen
     */
    Uni<BreakerStatus> reset(String capability, String who);
}
