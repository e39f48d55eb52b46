package dev.weft.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.agent.AgentOptions;
import dev.weft.agent.AgentRunner;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionSummary;
import dev.weft.api.v1.GetWorkflowRequest;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.ListExecutionsRequest;
import dev.weft.api.v1.ListRolloutFlagChangesRequest;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.RolloutPhase;
import dev.weft.api.v1.RolloutScope;
import dev.weft.api.v1.RolloutServiceGrpc;
import dev.weft.api.v1.SetRolloutFlagRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.api.v1.WorkflowClass;
import dev.weft.api.v1.WorkflowServiceGrpc;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollout flag end to end over gRPC, with the real PostgreSQL and broker. Each test works in a
 * tenant of its own, so the values it sets decide nobody else's starts.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class RolloutFlagOverGrpcTest {
    static final String LINEAR = """
            name: %s
            steps:
              - { id: a, agent: echo, input: { n: 1 } }
              - { id: b, agent: echo, depends_on: [a], input: { n: 2 } }
            """;
    static final String PARALLEL = """
            name: %s
            steps:
              - { id: a, agent: echo }
              - { id: b, agent: echo }
            """;

    final WeftClient client = new WeftClient();
    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry meters;
    /** The shadow flag of every task the probe agent was handed. */
    final ConcurrentLinkedQueue<Boolean> probed = new ConcurrentLinkedQueue<>();
    AgentRunner probe;

    @BeforeEach
    void startProbe() {
        probe = AgentRunner.builder(AgentOptions.of(WeftTestResources.broker().host(),
                        WeftTestResources.broker().port(), "shadow-probe"))
                .handler("shadow-probe", task -> {
                    probed.add(task.shadow());
                    return CompletableFuture.completedFuture(java.util.Map.of("seen", "ok"));
                })
                .build().startAndWait(Duration.ofSeconds(10));
    }

    @AfterEach
    void close() throws InterruptedException {
        probe.close();
        client.close();
    }

    @Test
    void offRefusesAStartWithFailedPreconditionNamingTheFlag() {
        String tenant = "rollout-off";
        register(tenant, LINEAR.formatted("steady"));
        set(tenant, "", RolloutPhase.ROLLOUT_PHASE_OFF, null);

        assertRefused(() -> start(tenant, "steady", null), Status.Code.FAILED_PRECONDITION,
                RolloutFlag.NAME + " is off (tenant value)");
    }

    @Test
    void simpleRefusesAParallelWorkflowAndTakesALinearOneLive() {
        String tenant = "rollout-simple";
        register(tenant, LINEAR.formatted("chain"));
        register(tenant, PARALLEL.formatted("fan"));
        set(tenant, "", RolloutPhase.ROLLOUT_PHASE_SIMPLE, null);

        assertRefused(() -> start(tenant, "fan", null), Status.Code.FAILED_PRECONDITION,
                "phase simple takes workflows up to linear, but workflow 'fan' is parallel");
        String id = start(tenant, "chain", null);
        var done = awaitEnd(tenant, id);
        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(done.getShadow()).isFalse();
        assertThat(as(tenant, client.workflows()).getWorkflow(GetWorkflowRequest.newBuilder().setName("fan").build())
                .getWorkflowClass()).isEqualTo(WorkflowClass.WORKFLOW_CLASS_PARALLEL);
    }

    @Test
    void shadowRunsTheExecutionWithShadowTasksMarksItsOutputAndStartsNoChainedWorkflow() {
        String tenant = "rollout-shadow";
        register(tenant, """
                name: follow-up
                steps:
                  - { id: a, agent: echo }
                """);
        register(tenant, """
                name: probed
                on_complete:
                  - { workflow: follow-up }
                steps:
                  - { id: look, agent: shadow-probe, input: { q: 1 } }
                output: "{{ steps.look.output }}"
                """);
        set(tenant, "probed", RolloutPhase.ROLLOUT_PHASE_SHADOW, null);

        String id = start(tenant, "probed", "shadow-1");
        var done = awaitEnd(tenant, id);

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(done.getShadow()).isTrue();
        assertThat(done.getOutput().getStructValue().getFieldsMap().get("seen").getStringValue()).isEqualTo("ok");
        assertThat(probed).as("the agent was told: weft-shadow").containsExactly(true);
        List<HistoryEvent> history = as(tenant, client.executions()).getExecutionHistory(
                dev.weft.api.v1.GetExecutionHistoryRequest.newBuilder().setExecutionId(id).setPageSize(100).build())
                .getEventsList();
        var rollout = history.getFirst().getDetails().getFieldsMap().get("rollout").getStructValue().getFieldsMap();
        assertThat(rollout.get("shadow").getBoolValue()).isTrue();
        assertThat(rollout.get("phase").getStringValue()).isEqualTo("shadow");
        assertThat(rollout.get("scope").getStringValue()).isEqualTo("workflow");
        assertThat(history).filteredOn(e -> e.getType().equals("WorkflowChained")).singleElement()
                .satisfies(e -> assertThat(e.getDetails().getFieldsMap().get("refused").getStringValue())
                        .contains("shadow"));
        // The chain's start would have gone out in the same commit as the end: there is none to wait for.
        assertThat(list(tenant, ListExecutionsRequest.newBuilder().setWorkflow("follow-up").build())).isEmpty();
        assertThat(list(tenant, ListExecutionsRequest.newBuilder().setShadow(true).build()))
                .extracting(ExecutionSummary::getExecutionId).containsExactly(id);
        assertThat(list(tenant, ListExecutionsRequest.newBuilder().setShadow(false).build())).isEmpty();
        assertThat(meters.counter("weft.executions.started", "workflow", "probed", "shadow", "true").count())
                .as("counted as a shadow start").isEqualTo(1.0);
    }

    @Test
    void aShadowExecutionsChildRunsInShadowTooWhateverTheChildsOwnValue() {
        String tenant = "rollout-child";
        register(tenant, """
                name: child
                steps:
                  - { id: look, agent: shadow-probe }
                """);
        register(tenant, """
                name: parent
                steps:
                  - { id: sub, workflow: child }
                """);
        set(tenant, "parent", RolloutPhase.ROLLOUT_PHASE_SHADOW, null);
        set(tenant, "child", RolloutPhase.ROLLOUT_PHASE_OFF, null);

        String id = start(tenant, "parent", null);
        var done = awaitEnd(tenant, id);

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(list(tenant, ListExecutionsRequest.newBuilder().setParentExecutionId(id).build()))
                .singleElement().satisfies(child -> assertThat(child.getShadow()).isTrue());
        assertThat(probed).as("the child's task was told: weft-shadow").containsExactly(true);
    }

    @Test
    void aPercentageSendsTheSameRequestIdToTheSameSideAndRecordsTheDecision() {
        String tenant = "rollout-share";
        register(tenant, """
                name: shared
                steps:
                  - { id: look, agent: shadow-probe }
                """);
        set(tenant, "", RolloutPhase.ROLLOUT_PHASE_ON, 50);
        for (int i = 0; i < 6; i++) {
            String requestId = "share-" + i;
            boolean expectShadow = TrafficShare.bucket(requestId) >= 50;
            var done = awaitEnd(tenant, start(tenant, "shared", requestId));
            assertThat(done.getShadow()).as(requestId).isEqualTo(expectShadow);
        }
        assertThat(list(tenant, ListExecutionsRequest.newBuilder().setShadow(true).build()).size()
                + list(tenant, ListExecutionsRequest.newBuilder().setShadow(false).build()).size()).isEqualTo(6);
    }

    @Test
    void aChangeIsAuditedWithItsCallerAndTheMostSpecificValueWins() {
        String tenant = "rollout-audit";
        register(tenant, LINEAR.formatted("audited"));
        RolloutServiceGrpc.RolloutServiceBlockingStub rollout = withCaller(rollout(tenant), "alice");
        rollout.setRolloutFlag(SetRolloutFlagRequest.newBuilder().setPhase(RolloutPhase.ROLLOUT_PHASE_COMPLEX).build());
        var own = rollout.setRolloutFlag(SetRolloutFlagRequest.newBuilder().setWorkflow("audited")
                .setPhase(RolloutPhase.ROLLOUT_PHASE_SHADOW).build());
        assertThat(own.getScope()).isEqualTo(RolloutScope.ROLLOUT_SCOPE_WORKFLOW);
        assertThat(own.getFlag()).isEqualTo(RolloutFlag.NAME);
        assertThat(own.getSetBy()).isEqualTo("alice");

        var other = rollout(tenant).getRolloutFlag(dev.weft.api.v1.GetRolloutFlagRequest.getDefaultInstance());
        assertThat(other.getPhase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_COMPLEX);
        assertThat(other.getScope()).isEqualTo(RolloutScope.ROLLOUT_SCOPE_TENANT);

        var cleared = rollout(tenant).clearRolloutFlag(dev.weft.api.v1.ClearRolloutFlagRequest.newBuilder()
                .setWorkflow("audited").build());
        assertThat(cleared.getScope()).isEqualTo(RolloutScope.ROLLOUT_SCOPE_TENANT);

        var changes = rollout(tenant).listRolloutFlagChanges(ListRolloutFlagChangesRequest.getDefaultInstance())
                .getChangesList();
        assertThat(changes).extracting(c -> c.getWorkflow() + " " + c.getPhase() + " " + c.getSetBy())
                .containsExactly("audited ROLLOUT_PHASE_UNSPECIFIED unknown", "audited ROLLOUT_PHASE_SHADOW alice",
                        " ROLLOUT_PHASE_COMPLEX alice");
        assertThat(changes).allSatisfy(c -> assertThat(c.hasSetAt()).isTrue());
        assertThat(rollout(tenant).listRolloutFlags(dev.weft.api.v1.ListRolloutFlagsRequest.getDefaultInstance())
                .getFlagsList()).extracting(f -> f.getWorkflow() + " " + f.getPhase())
                .containsExactly(" ROLLOUT_PHASE_COMPLEX");
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        String tenant = "rollout-bad";
        assertRefused(() -> rollout(tenant).setRolloutFlag(SetRolloutFlagRequest.newBuilder().setPhaseValue(99).build()),
                Status.Code.INVALID_ARGUMENT, "phase: unknown value");
        assertRefused(() -> rollout(tenant).setRolloutFlag(SetRolloutFlagRequest.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT, "phase: required");
        assertRefused(() -> rollout(tenant).setRolloutFlag(SetRolloutFlagRequest.newBuilder()
                        .setPhase(RolloutPhase.ROLLOUT_PHASE_ON).setPercentage(101).build()),
                Status.Code.INVALID_ARGUMENT, "percentage: expected 0..100, but got 101");
        assertRefused(() -> rollout(tenant).setRolloutFlag(SetRolloutFlagRequest.newBuilder().setWorkflow("nope")
                        .setPhase(RolloutPhase.ROLLOUT_PHASE_ON).build()),
                Status.Code.INVALID_ARGUMENT, "workflow: no workflow 'nope'");
    }

    // ---- helpers ----

    private void set(String tenant, String workflow, RolloutPhase phase, Integer percentage) {
        SetRolloutFlagRequest.Builder b = SetRolloutFlagRequest.newBuilder().setWorkflow(workflow).setPhase(phase);
        if (percentage != null) {
            b.setPercentage(percentage);
        }
        rollout(tenant).setRolloutFlag(b.build());
    }

    private void register(String tenant, String yaml) {
        as(tenant, client.workflows()).registerWorkflow(RegisterWorkflowRequest.newBuilder().setDefinition(yaml).build());
    }

    private String start(String tenant, String workflow, String requestId) {
        StartExecutionRequest.Builder b = StartExecutionRequest.newBuilder().setWorkflow(workflow);
        if (requestId != null) {
            b.setRequestId(requestId);
        }
        return as(tenant, client.executions()).startExecution(b.build()).getExecutionId();
    }

    private dev.weft.api.v1.Execution awaitEnd(String tenant, String id) {
        ExecutionServiceGrpc.ExecutionServiceBlockingStub executions = as(tenant, client.executions());
        executions.watchExecution(WatchExecutionRequest.newBuilder().setExecutionId(id).build())
                .forEachRemaining(u -> { });
        return executions.getExecution(dev.weft.api.v1.GetExecutionRequest.newBuilder().setExecutionId(id).build());
    }

    private List<ExecutionSummary> list(String tenant, ListExecutionsRequest request) {
        return as(tenant, client.executions()).listExecutions(request).getExecutionsList();
    }

    private RolloutServiceGrpc.RolloutServiceBlockingStub rollout(String tenant) {
        return as(tenant, RolloutServiceGrpc.newBlockingStub(client.channel).withDeadlineAfter(30, TimeUnit.SECONDS));
    }

    private static void assertRefused(Runnable call, Status.Code code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }

    static <S extends AbstractStub<S>> S as(String tenant, S stub) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-weft-tenant", Metadata.ASCII_STRING_MARSHALLER), tenant);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static <S extends AbstractStub<S>> S withCaller(S stub, String caller) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-weft-caller", Metadata.ASCII_STRING_MARSHALLER), caller);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
}
