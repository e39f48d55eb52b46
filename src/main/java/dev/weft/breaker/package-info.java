/**
 * A circuit breaker per agent capability, built on SmallRye Fault Tolerance's breaker and the same
 * on every replica.
 *
 * <h2>The contract ({@link dev.weft.breaker.CapabilityBreakers})</h2>
 * <pre>{@code
 * Admission admit(String capability);                 // ADMITTED | PROBE | Refused(state, retryAt, reason); never blocks
 * void record(String capability, Outcome outcome);    // Succeeded | Failed(errorType, retryable) | TimedOut, each with dispatchedAt
 * Optional<BreakerStatus> status(String capability);  // state, since, retryAt, reason, recent calls/failures, probes, settings
 * List<BreakerStatus> all();
 * void onTransition(Consumer<BreakerTransition> l);   // capability, from, to, at, reason, epoch, changedBy, local
 * void onProbePermit(Consumer<String> l);             // this replica may now admit a probe of the capability
 * Uni<BreakerStatus> reset(String capability, String who);
 * }</pre>
 * The bean is {@link dev.weft.breaker.ReplicatedBreakers}, injectable as {@code CapabilityBreakers}.
 *
 * <h2>The rules</h2>
 * <ul>
 * <li>CLOSED admits every task. SmallRye's rolling window judges the outcomes: it opens the breaker
 * when at least {@code failure-ratio} of the last {@code request-volume-threshold} counted outcomes
 * were failures (it judges only once that many were counted since the breaker last closed).</li>
 * <li>What counts as a failure: a timeout and a retryable failure. A non-retryable failure (the
 * agent refused bad input) counts as a success: the agent is there and answering.</li>
 * <li>OPEN refuses every task with {@code retryAt} = the end of {@code delay}; outcomes that arrive
 * meanwhile are not counted (as SmallRye ignores calls while open).</li>
 * <li>HALF_OPEN lets at most {@code probes} tasks through across all replicas, then refuses. Any
 * counted failure of a probe reopens it (a new delay); {@code success-threshold} probe successes,
 * recorded on any replicas, close it. Each probe sent is counted in the table with its deadline. A
 * permit claimed but not sent within 15 s (its replica was killed between the claim and the commit
 * of the dispatch) reopens it, and so do probes sent whose outcome has not come
 * {@code half-open-timeout} after the later of the last claim and their deadline (a probe's timeout
 * is an outcome, so such a probe is lost); without any demand it waits.</li>
 * <li>An outcome counts only in the state its task was sent in: one whose {@code dispatchedAt} is
 * before the current state began is dropped. So the half-open decision rests on the probes alone,
 * and a closed breaker starts from an empty window. (Clocks of replicas are assumed to agree
 * within a small fraction of the delay.)</li>
 * <li>A reset closes it whatever its state; every replica starts a fresh window.</li>
 * </ul>
 *
 * <h2>Feeding SmallRye: one guarded call per outcome, replayed when the outcome is known</h2>
 * A task is not a call in this process: it is sent by one replica, its result may be consumed by
 * another (the results queue is shared), its deadline may fire on a third, and it may outlive the
 * process that sent it. An async guard call per task (a stage completed by the outcome) would need
 * the outcome on the replica that admitted the task, and a restart would leave its stages open for
 * ever, each holding a SmallRye half-open probe slot. So each replica runs a SmallRye breaker per
 * capability ({@link dev.weft.breaker.SmallRyeWindow}, a {@code Guard} with {@code
 * withCircuitBreaker()}, named for {@code CircuitBreakerMaintenance}) and feeds it one synchronous
 * guarded call per outcome it learns, the call returning for a success and throwing for a counted
 * failure. SmallRye's window is count-based, so what matters is the sequence of outcomes, which
 * the replay gives it exactly. Its transition to OPEN ({@code onStateChange}) is what opens the
 * capability's breaker for everybody.
 * <p>
 * Each replica judges the outcomes it learns: with N replicas each sees about 1/N of them, the
 * same failure ratio, and the first replica whose window is full and failing opens the breaker for
 * all. The half-open phase cannot be SmallRye's: its probe count and its consecutive successes
 * live in one JVM, while probes must be bounded across replicas and their outcomes arrive at any
 * replica. The phase is therefore counted in the shared row (permits claimed, successes recorded,
 * both by conditional UPDATE), with SmallRye's semantics: at most {@code probes} through, any
 * failure reopens, {@code success-threshold} successes close.
 *
 * <h2>Consistency across replicas</h2>
 * The truth is the row of {@code circuit_breakers} (V5): state, epoch, since, open until, reason,
 * who changed it, probe counts. Every change is a compare-and-set on the epoch in one statement
 * that also {@code NOTIFY weft_breakers}, so two replicas that decide at once make one transition
 * (the loser re-reads and follows: no flapping). Every replica LISTENs ({@link
 * dev.weft.breaker.PgBreakerFeed}) and re-reads a changed row at once (milliseconds), and re-reads
 * the whole table on every tick ({@code tick-interval}, 1 s), so even with notifications lost it
 * admits and refuses like the others within a tick. The replica that detects an opening refuses at
 * once, before the table confirms it. State survives restarts: a starting replica reads the table
 * before it serves. The delay and the half-open timeout are measured with the injected {@code
 * InstantSource}; the tick moves due breakers on (OPEN to HALF_OPEN; stuck probes back to OPEN),
 * and so does an {@code admit} that finds the delay over.
 * <p>
 * A probe outcome learnt by a replica that still thinks the breaker OPEN (a task sent after the
 * delay ran out) is counted after re-reading the row. One learnt by a replica that missed the
 * opening altogether (LISTEN down, no tick yet) lands in its closed window instead; the
 * half-open phase then lacks that outcome and its timeout starts another round.
 * <p>
 * While the database cannot be written the breaker does not open; a replica that detected an
 * opening it could not write forgets it and counts anew.
 *
 * <h2>Configuration</h2>
 * {@code weft.breaker.failure-ratio} (0.5), {@code request-volume-threshold} (20), {@code delay}
 * (30s), {@code probes} (3), {@code success-threshold} (3), {@code half-open-timeout} (10m), {@code
 * tick-interval} (1s); per capability {@code weft.breaker.capability."web-search".delay=2m} and so
 * on. Out-of-range values stop the start with the property named.
 *
 * <h2>Metrics</h2>
 * {@code weft.breaker.state{capability}} (0 closed, 1 half-open, 2 open: this replica's view) and
 * {@code weft.breaker.transitions{capability,from,to}} (counted by the replica that made the
 * transition, so the sum over replicas counts each once).
 *
 * <h2>How the engine uses it</h2>
 * <ul>
 * <li>{@code admit(capability)} once per task, in the runtime, just before the task becomes an
 * outbox row (the engine stays pure: the runtime passes the answer in as data). {@code Admitted}:
 * send it (a {@code PROBE} is an ordinary task that happens to be a probe). {@code Refused}: hold
 * the step or fail it fast, per the step's policy. A task failed fast by the breaker must not be
 * {@code record}ed: it says nothing about the capability.</li>
 * <li>{@code record(capability, outcome)} where the outcome's event commits (TaskCompleted,
 * TaskFailed with the error's type and retryable flag, TaskTimedOut), with the attempt's
 * TaskDispatched time as {@code dispatchedAt}: once per outcome in the cluster, by the replica
 * that committed it. Duplicates and results recorded as ResultIgnored are not recorded.</li>
 * <li>{@code onTransition}: to CLOSED or HALF_OPEN, admit the held tasks of the capability again;
 * every transition is the event to append to the histories of the executions with held tasks of
 * it (each replica for those it holds; {@code epoch} identifies a transition on every replica).</li>
 * <li>{@code onProbePermit}: admit held tasks of the capability again; as many as the permits go.</li>
 * </ul>
 * Listeners run on an event-loop thread and must not block.
 */
package dev.weft.breaker;
