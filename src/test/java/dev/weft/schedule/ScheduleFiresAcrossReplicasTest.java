package dev.weft.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.CreateScheduleRequest;
import dev.weft.api.v1.ScheduleServiceGrpc;
import dev.weft.api.v1.ScheduleSpec;
import dev.weft.runtime.ExecutionRuntime;
import dev.weft.runtime.ExecutionStarts;
import dev.weft.store.PgExecutionReader;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas poll the same schedules: this process's poller and a second one with its own store
 * over the same database, as another replica has. A fire time starts exactly one execution
 * whether both poll at once, one holds the schedule while the other polls, or one died after
 * starting the execution but before recording the fire. (Both share this process's runtime; what
 * keeps them apart is in PostgreSQL: the row claim and the unique request id of the fire.)
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class ScheduleFiresAcrossReplicasTest {
    final WeftClient client = new WeftClient();

    @Inject
    SchedulePoller here;
    @Inject
    Pool pool;
    @Inject
    ExecutionStarts starts;
    @Inject
    ExecutionRuntime runtime;
    @Inject
    PgExecutionReader executions;

    SchedulePoller other() {
        return new SchedulePoller(new PgScheduleStore(pool), starts, runtime, executions, Duration.ofSeconds(60));
    }

    @AfterEach
    void close() throws InterruptedException {
        pool.query("delete from schedules").execute().await().indefinitely();
        client.close();
    }

    Instant createEveryMinute(String id) {
        client.register("""
                name: replicated-schedule
                steps:
                  - { id: a, agent: echo, input: { v: 1 } }
                """);
        var created = ScheduleServiceGrpc.newBlockingStub(client.channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .createSchedule(CreateScheduleRequest.newBuilder().setScheduleId(id)
                        .setSpec(ScheduleSpec.newBuilder().setWorkflow("replicated-schedule").setCron("* * * * *")
                                .setOverlap(dev.weft.api.v1.OverlapPolicy.OVERLAP_POLICY_ALLOW)).build());
        var t = created.getNextFireTimes(0);
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().iterator().next().getLong(0);
    }

    long executionsOf(String scheduleId) {
        return count("select count(*) from executions where request_id like $1", "schedule:" + scheduleId + "@%");
    }

    @Test
    void bothReplicasPollingAtOnceStartOneExecutionPerFireTime() {
        Instant first = createEveryMinute("both-poll");
        SchedulePoller other = other();
        for (int minute = 0; minute < 5; minute++) {
            Instant now = first.plus(Duration.ofMinutes(minute)).plusSeconds(1);
            List<Integer> handled = Uni.join().all(here.poll(now), other.poll(now)).andFailFast()
                    .await().atMost(Duration.ofSeconds(30));
            assertThat(handled.get(0) + handled.get(1)).as("minute %d is fired by one replica", minute).isEqualTo(1);
        }
        assertThat(executionsOf("both-poll")).isEqualTo(5);
        assertThat(count("select count(distinct request_id) from executions where request_id like $1",
                "schedule:both-poll@%")).isEqualTo(5);
        assertThat(count("select count(*) from schedule_fires where schedule_id = $1 and outcome = 'STARTED'",
                "both-poll")).isEqualTo(5);
    }

    @Test
    void aScheduleAnotherReplicaIsFiringIsSkippedNotWaitedFor() {
        Instant first = createEveryMinute("held");
        Instant now = first.plusSeconds(1);
        // Replica one has claimed the schedule and is mid-fire: its transaction holds the row.
        pool.withTransaction(tx -> tx.preparedQuery("select id from schedules where id = $1 for update")
                        .execute(Tuple.of("held"))
                        .chain(() -> other().poll(now).map(handled -> {
                            assertThat(handled).as("the other replica skips the claimed schedule").isZero();
                            return handled;
                        })))
                .await().atMost(Duration.ofSeconds(30));
        assertThat(executionsOf("held")).isZero();
        assertThat(here.poll(now).await().atMost(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(executionsOf("held")).isEqualTo(1);
    }

    @Test
    void aFireStartedByAReplicaThatDiedBeforeRecordingItIsNotStartedAgainByAnother() {
        Instant first = createEveryMinute("crashed");
        // Replica one started the fire's execution, then died before its transaction advanced the schedule.
        var started = starts.start(new ExecutionStarts.StartRequest("default", "replicated-schedule", 0, Map.of(),
                ScheduleKeys.fireRequestId("crashed", first), null)).await().atMost(Duration.ofSeconds(30));

        assertThat(other().poll(first.plusSeconds(5)).await().atMost(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(executionsOf("crashed")).isEqualTo(1);
        var fire = pool.preparedQuery("select outcome, execution_id from schedule_fires where schedule_id = $1")
                .execute(Tuple.of("crashed")).await().indefinitely().iterator().next();
        assertThat(fire.getString(0)).isEqualTo("STARTED");
        assertThat(fire.getString(1)).isEqualTo(started.executionId());
    }
}
