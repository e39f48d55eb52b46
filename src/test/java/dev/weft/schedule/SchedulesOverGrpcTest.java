package dev.weft.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import dev.weft.api.v1.CatchUpPolicy;
import dev.weft.api.v1.CreateScheduleRequest;
import dev.weft.api.v1.DeleteScheduleRequest;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.FireOutcome;
import dev.weft.api.v1.GetScheduleRequest;
import dev.weft.api.v1.ListSchedulesRequest;
import dev.weft.api.v1.OverlapPolicy;
import dev.weft.api.v1.PauseScheduleRequest;
import dev.weft.api.v1.ResumeScheduleRequest;
import dev.weft.api.v1.Schedule;
import dev.weft.api.v1.ScheduleServiceGrpc;
import dev.weft.api.v1.ScheduleSpec;
import dev.weft.testing.Eventually;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Schedules through the gRPC API with the real PostgreSQL and broker. The tick is off in tests
 * (weft.schedules.poll-interval=1h): each test polls with the instant it chooses, so "time passes"
 * without waiting for it.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class SchedulesOverGrpcTest {
    final WeftClient client = new WeftClient();

    @Inject
    SchedulePoller poller;
    @Inject
    Pool pool;

    @AfterEach
    void close() throws InterruptedException {
        // Polls here run at instants of their own choosing: leave no schedule for another test's polls.
        pool.query("delete from schedules").execute().await().indefinitely();
        client.close();
    }

    ScheduleServiceGrpc.ScheduleServiceBlockingStub schedules() {
        return ScheduleServiceGrpc.newBlockingStub(client.channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    static final String REPORT = """
            name: scheduled-report
            input:
              type: object
              required: [topic]
            steps:
              - { id: a, agent: echo, input: { topic: "{{ input.topic }}" } }
            """;

    static final String NAPPING = """
            name: scheduled-nap
            steps:
              - { id: nap, sleep: { duration: 1h } }
            """;

    static ScheduleSpec.Builder spec(String workflow, String cron) {
        return ScheduleSpec.newBuilder().setWorkflow(workflow).setCron(cron).setTimeZone("Europe/Paris");
    }

    Schedule create(String id, ScheduleSpec.Builder spec) {
        return schedules().createSchedule(CreateScheduleRequest.newBuilder().setScheduleId(id).setSpec(spec).build());
    }

    Schedule get(String id) {
        return schedules().getSchedule(GetScheduleRequest.newBuilder().setScheduleId(id).build());
    }

    int poll(Instant now) {
        return poller.poll(now).await().atMost(Duration.ofSeconds(30));
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    /** The executions started for this schedule, as (request id, execution id), oldest fire first. */
    List<String[]> executionsOf(String scheduleId) {
        List<String[]> out = new ArrayList<>();
        for (Row r : pool.preparedQuery("select request_id, id from executions where request_id like $1 "
                + "order by request_id").execute(Tuple.of("schedule:" + scheduleId + "@%")).await().indefinitely()) {
            out.add(new String[] {r.getString(0), r.getString(1)});
        }
        return out;
    }

    @Test
    void eachFireTimeStartsExactlyOneExecutionLinkedToItsScheduleAndFireTime() {
        client.register(REPORT);
        Schedule created = create("every-5", spec("scheduled-report", "*/5 * * * *")
                .setInput(WeftClient.struct("{\"topic\": \"weather\"}")));
        assertThat(created.getNextFireTimesCount()).isEqualTo(5);
        Instant first = instant(created.getNextFireTimes(0));
        Instant second = instant(created.getNextFireTimes(1));
        assertThat(Duration.between(first, second)).isEqualTo(Duration.ofMinutes(5));
        assertThat(created.hasLastFire()).isFalse();

        assertThat(poll(first.minusSeconds(1))).as("not due yet").isZero();
        assertThat(poll(first.plusSeconds(1))).isEqualTo(1);
        assertThat(poll(first.plusSeconds(2))).as("a fire time fires once").isZero();

        List<String[]> started = executionsOf("every-5");
        assertThat(started).hasSize(1);
        Execution execution = client.awaitEnd(started.getFirst()[1]);
        assertThat(execution.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(execution.getScheduledBy().getScheduleId()).isEqualTo("every-5");
        assertThat(instant(execution.getScheduledBy().getFireTime())).isEqualTo(first);
        assertThat(execution.getRequestId()).isEqualTo("schedule:every-5@" + first);

        Schedule afterFirst = get("every-5");
        assertThat(afterFirst.getLastFire().getOutcome()).isEqualTo(FireOutcome.FIRE_OUTCOME_STARTED);
        assertThat(afterFirst.getLastFire().getExecutionId()).isEqualTo(started.getFirst()[1]);
        assertThat(instant(afterFirst.getLastFire().getFireTime())).isEqualTo(first);
        assertThat(instant(afterFirst.getNextFireTimes(0))).isEqualTo(second);

        assertThat(poll(second.plusSeconds(1))).isEqualTo(1);
        assertThat(executionsOf("every-5")).extracting(e -> e[0])
                .containsExactly("schedule:every-5@" + first, "schedule:every-5@" + second);
        assertThat(schedules().listSchedules(ListSchedulesRequest.newBuilder().setWorkflow("scheduled-report").build())
                .getSchedulesList()).extracting(Schedule::getScheduleId).containsExactly("every-5");
    }

    @Test
    void aPausedScheduleDoesNotFireAndOnResumeFiresFromTheNextTimeAfterNow() {
        client.register(REPORT);
        Schedule created = create("pausable", spec("scheduled-report", "* * * * *")
                .setInput(WeftClient.struct("{\"topic\": \"t\"}")));
        Instant first = instant(created.getNextFireTimes(0));

        Schedule paused = schedules().pauseSchedule(PauseScheduleRequest.newBuilder().setScheduleId("pausable").build());
        assertThat(paused.getPaused()).isTrue();
        assertThat(paused.getNextFireTimesList()).as("nothing fires while paused").isEmpty();
        assertThat(poll(first.plusSeconds(1))).isZero();
        assertThat(executionsOf("pausable")).isEmpty();

        Schedule resumed = schedules().resumeSchedule(ResumeScheduleRequest.newBuilder().setScheduleId("pausable").build());
        assertThat(resumed.getPaused()).isFalse();
        Instant next = instant(resumed.getNextFireTimes(0));
        assertThat(next).isAfter(Instant.now().minusSeconds(1));
        assertThat(poll(next.plusSeconds(1))).isEqualTo(1);
        assertThat(executionsOf("pausable")).hasSize(1);

        schedules().deleteSchedule(DeleteScheduleRequest.newBuilder().setScheduleId("pausable").build());
        assertThatThrownBy(() -> get("pausable")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(e.getStatus().getDescription()).isEqualTo("schedule_id: no schedule 'pausable'");
        });
        assertThat(poll(next.plusSeconds(120))).isZero();
        assertThat(executionsOf("pausable")).as("the executions it started stay").hasSize(1);
    }

    @Test
    void overlapSkipRecordsTheFireWhileThePreviousExecutionStillRuns() {
        client.register(NAPPING);
        Schedule created = create("naps", spec("scheduled-nap", "* * * * *"));
        Instant first = instant(created.getNextFireTimes(0));
        Instant second = instant(created.getNextFireTimes(1));
        assertThat(poll(first.plusSeconds(1))).isEqualTo(1);
        assertThat(poll(second.plusSeconds(1))).isEqualTo(1);

        assertThat(executionsOf("naps")).hasSize(1);
        Schedule after = get("naps");
        assertThat(after.getLastFire().getOutcome()).isEqualTo(FireOutcome.FIRE_OUTCOME_SKIPPED_OVERLAP);
        assertThat(instant(after.getLastFire().getFireTime())).isEqualTo(second);
        assertThat(after.getLastFire().getDetail()).contains("still running");
    }

    @Test
    void overlapCancelPreviousCancelsTheRunningExecutionThenStarts() {
        client.register(NAPPING);
        Schedule created = create("relay", spec("scheduled-nap", "* * * * *")
                .setOverlap(OverlapPolicy.OVERLAP_POLICY_CANCEL_PREVIOUS));
        Instant first = instant(created.getNextFireTimes(0));
        Instant second = instant(created.getNextFireTimes(1));
        poll(first.plusSeconds(1));
        String previous = executionsOf("relay").getFirst()[1];
        poll(second.plusSeconds(1));

        List<String[]> started = executionsOf("relay");
        assertThat(started).hasSize(2);
        assertThat(client.get(previous).getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_CANCELLED);
        assertThat(client.get(started.get(1)[1]).getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_RUNNING);
    }

    @Test
    void afterDowntimeSkipMissedStartsNothingAndRunOnceStartsOneExecutionForTheMissedFires() {
        client.register(REPORT);
        var input = WeftClient.struct("{\"topic\": \"t\"}");
        Instant first = instant(create("skipper", spec("scheduled-report", "*/5 * * * *").setInput(input))
                .getNextFireTimes(0));
        create("catcher", spec("scheduled-report", "*/5 * * * *").setInput(input)
                .setCatchUp(CatchUpPolicy.CATCH_UP_POLICY_RUN_ONCE));
        // No replica polled for 22 minutes: the fires at +0, +5, +10, +15 and +20 min were missed
        // (the latest is 2 min old, past the 60 s grace).
        Instant back = first.plus(Duration.ofMinutes(22));
        assertThat(poll(back)).isEqualTo(2);

        assertThat(executionsOf("skipper")).isEmpty();
        Schedule skipper = get("skipper");
        assertThat(skipper.getLastFire().getOutcome()).isEqualTo(FireOutcome.FIRE_OUTCOME_MISSED);
        assertThat(instant(skipper.getLastFire().getFireTime())).isEqualTo(first.plus(Duration.ofMinutes(20)));
        assertThat(skipper.getLastFire().getDetail()).startsWith("5 fire time(s) from " + first + " missed");
        assertThat(instant(skipper.getNextFireTimes(0))).isEqualTo(first.plus(Duration.ofMinutes(25)));

        List<String[]> caught = executionsOf("catcher");
        assertThat(caught).extracting(e -> e[0]).containsExactly("schedule:catcher@" + first.plus(Duration.ofMinutes(20)));
        Schedule catcher = get("catcher");
        assertThat(catcher.getRecentFiresList()).extracting(f -> f.getOutcome())
                .containsExactly(FireOutcome.FIRE_OUTCOME_STARTED, FireOutcome.FIRE_OUTCOME_MISSED);
        assertThat(catcher.getRecentFires(1).getDetail()).startsWith("4 fire time(s) from " + first + " missed");
        assertThat(instant(catcher.getNextFireTimes(0))).isEqualTo(first.plus(Duration.ofMinutes(25)));
    }

    static String declaring(String scheduleBlock) {
        return """
                name: declared-report
                input: { type: object, required: [topic] }
                %s
                steps:
                  - { id: a, agent: echo, input: { topic: "{{ input.topic }}" } }
                """.formatted(scheduleBlock);
    }

    @Test
    void aDefinitionsScheduleBlockIsCreatedUpdatedAndRemovedByItsRegistrations() {
        client.register(declaring("schedule: { cron: \"*/10 * * * *\", time_zone: Europe/Paris, input: { topic: a } }"));
        Schedule declared = get("workflow:declared-report");
        assertThat(declared.getDeclared()).isTrue();
        assertThat(declared.getSpec().getWorkflow()).isEqualTo("declared-report");
        assertThat(declared.getSpec().getVersion()).as("the default version at fire time").isZero();
        assertThat(declared.getSpec().getTimeZone()).isEqualTo("Europe/Paris");
        Instant first = instant(declared.getNextFireTimes(0));
        assertThat(poll(first.plusSeconds(1))).isEqualTo(1);
        String executionId = executionsOf("workflow:declared-report").getFirst()[1];
        Execution execution = client.awaitEnd(executionId);
        assertThat(execution.getInput().getFieldsOrThrow("topic").getStringValue()).isEqualTo("a");
        assertThat(execution.getScheduledBy().getScheduleId()).isEqualTo("workflow:declared-report");

        client.register(declaring("schedule: { cron: \"0 * * * *\", input: { topic: b }, overlap: allow }"));
        Schedule updated = get("workflow:declared-report");
        assertThat(updated.getSpec().getCron()).isEqualTo("0 * * * *");
        assertThat(updated.getSpec().getOverlap()).isEqualTo(OverlapPolicy.OVERLAP_POLICY_ALLOW);
        assertThat(updated.getLastFire().getExecutionId()).as("its fires stay").isEqualTo(executionId);

        assertThatThrownBy(() -> client.register(declaring("schedule: { cron: \"0 * * *\", input: { topic: c } }")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("schedule.cron").contains("expected 5 fields");
                });
        assertThat(get("workflow:declared-report").getSpec().getCron()).as("a refused version changes nothing")
                .isEqualTo("0 * * * *");

        client.register(declaring(""));
        assertThatThrownBy(() -> get("workflow:declared-report")).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> create("workflow:declared-report", spec("declared-report", "0 * * * *")
                .setInput(WeftClient.struct("{\"topic\": \"t\"}"))))
                .hasMessageContaining("schedule_id: ids starting with 'workflow:'");
    }

    @Test
    void schedulesBelongToTheCallersTenantAndFireInIt() {
        Metadata acmeHeader = new Metadata();
        acmeHeader.put(Metadata.Key.of("x-weft-tenant", Metadata.ASCII_STRING_MARSHALLER), "acme");
        var acme = schedules().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(acmeHeader));
        client.workflows().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(acmeHeader))
                .registerWorkflow(dev.weft.api.v1.RegisterWorkflowRequest.newBuilder().setDefinition(REPORT).build());
        Schedule created = acme.createSchedule(CreateScheduleRequest.newBuilder().setScheduleId("acme-only")
                .setSpec(spec("scheduled-report", "* * * * *").setInput(WeftClient.struct("{\"topic\": \"t\"}")))
                .build());
        assertThat(created.getTenant()).isEqualTo("acme");

        assertThatThrownBy(() -> get("acme-only")).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThat(schedules().listSchedules(ListSchedulesRequest.getDefaultInstance()).getSchedulesList()).isEmpty();
        assertThat(acme.listSchedules(ListSchedulesRequest.getDefaultInstance()).getSchedulesList()).hasSize(1);

        assertThat(poll(instant(created.getNextFireTimes(0)).plusSeconds(1))).isEqualTo(1);
        assertThat(pool.preparedQuery("select tenant from executions where request_id like 'schedule:acme-only@%'")
                .execute().await().indefinitely().iterator().next().getString(0)).isEqualTo("acme");
    }

    @Test
    void aFireWhoseStartIsRefusedIsRecordedAsFailedAndTheScheduleGoesOn() {
        client.register("""
                name: tightened
                steps: [ { id: a, agent: echo, input: { v: 1 } } ]
                """);
        Schedule created = create("tightened", spec("tightened", "* * * * *")
                .setInput(WeftClient.struct("{\"topic\": \"t\"}")));
        // The default version at fire time asks for an input the schedule does not give.
        client.register("""
                name: tightened
                input: { type: object, required: [other] }
                steps: [ { id: a, agent: echo, input: { v: 2 } } ]
                """);
        Instant first = instant(created.getNextFireTimes(0));
        assertThat(poll(first.plusSeconds(1))).isEqualTo(1);

        assertThat(executionsOf("tightened")).isEmpty();
        Schedule after = get("tightened");
        assertThat(after.getLastFire().getOutcome()).isEqualTo(FireOutcome.FIRE_OUTCOME_FAILED);
        assertThat(after.getLastFire().getDetail()).contains("other");
        assertThat(instant(after.getNextFireTimes(0))).isEqualTo(first.plus(Duration.ofMinutes(1)));
    }

    @Test
    void badSpecsAreInvalidArgumentNamingTheField() {
        client.register(REPORT);
        var ok = WeftClient.struct("{\"topic\": \"t\"}");
        assertRefused(spec("scheduled-report", "0 25 * * *").setInput(ok), Status.Code.INVALID_ARGUMENT,
                "cron: hour field '25' is invalid: ");
        assertRefused(spec("scheduled-report", "0 9 * *").setInput(ok), Status.Code.INVALID_ARGUMENT,
                "cron: expected 5 fields");
        assertRefused(spec("scheduled-report", "0 9 * * *").setInput(ok).setTimeZone("Mars/Base"),
                Status.Code.INVALID_ARGUMENT, "time_zone: unknown zone 'Mars/Base'");
        assertRefused(spec("scheduled-report", "0 9 * * *"), Status.Code.INVALID_ARGUMENT, "input");
        assertRefused(spec("", "0 9 * * *"), Status.Code.INVALID_ARGUMENT, "workflow: required");
        assertRefused(spec("no-such-workflow", "0 9 * * *"), Status.Code.NOT_FOUND, "workflow: no workflow 'no-such-workflow'");
        assertRefused(spec("scheduled-report", "0 9 * * *").setInput(ok)
                        .setStartAt(Timestamp.newBuilder().setSeconds(2_000_000_000L))
                        .setEndAt(Timestamp.newBuilder().setSeconds(1_900_000_000L)),
                Status.Code.INVALID_ARGUMENT, "end_at: must be after start_at");

        create("taken", spec("scheduled-report", "0 9 * * *").setInput(ok));
        assertThatThrownBy(() -> create("taken", spec("scheduled-report", "0 9 * * *").setInput(ok)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
        assertThatThrownBy(() -> create("bad id!", spec("scheduled-report", "0 9 * * *").setInput(ok)))
                .hasMessageContaining("schedule_id: expected 1 to 100 letters");
    }

    void assertRefused(ScheduleSpec.Builder spec, Status.Code code, String messageStart) {
        assertThatThrownBy(() -> create("refused", spec)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).startsWith(messageStart);
        });
    }
}
