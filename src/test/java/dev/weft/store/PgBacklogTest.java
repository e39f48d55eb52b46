package dev.weft.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.CancelExecutionRequest;
import dev.weft.api.v1.StepStatus;
import dev.weft.testing.Eventually;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The backlog query counts what the pollers would take: unsent outbox rows, and timers due and
 * not claimed. Its rows are due an hour from now and counted as of two hours from now, so the
 * timer poller and the outbox sweep of this running app leave them alone while the test looks.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class PgBacklogTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    PgBacklog backlog;
    @Inject
    Pool pool;
    final WeftClient client = new WeftClient();

    @Test
    void countsUnsentOutboxRowsAndDueTimersThatNoPollerClaimed() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant later = now.plus(Duration.ofHours(2));
        PgBacklog.Counts before = backlog.count(later).await().atMost(WAIT);
        try {
            insertTimer("backlog-due", now.plus(Duration.ofHours(1)), null);
            insertTimer("backlog-claimed", now.plus(Duration.ofHours(1)), later.plus(Duration.ofHours(1)));
            insertTimer("backlog-not-yet", now.plus(Duration.ofHours(3)), null);
            pool.preparedQuery("""
                            insert into outbox (execution_id, task_id, address, message, ready_at, created_at, claimed_until)
                            values ('backlog-test', 'backlog-task', 'nowhere', '{}', $1, $1, $2)""")
                    .execute(Tuple.of(Timestamps.of(now), Timestamps.of(now.plus(Duration.ofHours(1)))))
                    .await().atMost(WAIT);

            PgBacklog.Counts after = backlog.count(later).await().atMost(WAIT);
            assertThat(after.timersDue()).as("only the due, unclaimed timer").isEqualTo(before.timersDue() + 1);
            assertThat(after.outbox()).as("a claimed row is not sent yet: it counts").isEqualTo(before.outbox() + 1);
        } finally {
            pool.query("delete from timers where execution_id = 'backlog-test'").execute().await().atMost(WAIT);
            pool.query("delete from outbox where execution_id = 'backlog-test'").execute().await().atMost(WAIT);
        }
    }

    @Test
    void countsTheDeadlinesOfRunningStepsAndExecutionsOnceTheyAreDue() {
        client.register("""
                name: backlog-deadlines
                limits: { timeout: 1h }
                steps:
                  - { id: long, agent: slow, input: { ms: 10000 }, timeout: 1h }
                """);
        Instant later = Instant.now().plus(Duration.ofHours(2));
        PgBacklog.Counts before = backlog.count(later).await().atMost(WAIT);
        String id = client.start("backlog-deadlines", "{}");
        try {
            Eventually.await("the step is dispatched", WAIT,
                    () -> client.get(id).getSteps(0).getStatus() == StepStatus.STEP_STATUS_RUNNING);
            assertThat(backlog.count(later).await().atMost(WAIT).timersDue())
                    .as("the step's task deadline (step_runs) and the workflow's (executions), due by then")
                    .isEqualTo(before.timersDue() + 2);
        } finally {
            client.executions().cancelExecution(CancelExecutionRequest.newBuilder().setExecutionId(id).build());
        }
    }

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    private void insertTimer(String id, Instant dueAt, Instant claimedUntil) {
        pool.preparedQuery("""
                        insert into timers (id, execution_id, kind, step_id, attempt, due_at, claimed_until)
                        values ($1, 'backlog-test', 'SLEEP', 'nap', 1, $2, $3)""")
                .execute(Tuple.of(id, Timestamps.of(dueAt), claimedUntil == null ? null : Timestamps.of(claimedUntil)))
                .await().atMost(WAIT);
    }
}
