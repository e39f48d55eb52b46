package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.v1.ApprovalDecision;
import dev.weft.api.v1.DecideApprovalRequest;
import dev.weft.api.v1.DiffWorkflowVersionsRequest;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.FieldChange;
import dev.weft.api.v1.GetWorkflowRequest;
import dev.weft.api.v1.ListWorkflowVersionsRequest;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.SetDefaultVersionRequest;
import dev.weft.api.v1.SetDefaultVersionResponse;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.StepStatus;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.api.v1.WorkflowServiceGrpc;
import dev.weft.api.v1.WorkflowVersion;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Iterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Default versions, their audit, and diffs between versions, through the gRPC API. */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class WorkflowVersionsTest {
    final WeftClient client = new WeftClient();

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    static String echoing(String name, int v) {
        return """
                name: %s
                steps:
                  - { id: a, agent: echo, input: { v: %d } }
                output: { v: "{{ steps.a.output.v }}" }
                """.formatted(name, v);
    }

    @Test
    void aStartWithoutAVersionRunsTheDefaultWhichIsTheLatestUntilSetAndAgainOnceCleared() {
        client.register(echoing("dflt", 1));
        client.register(echoing("dflt", 2));
        assertThat(startAndGetV("dflt")).isEqualTo(2);

        SetDefaultVersionResponse set = setDefault("dflt", 1, "alice");
        assertThat(set.getDefaultVersion().getVersion()).isEqualTo(1);
        assertThat(set.getDefaultVersion().getExplicit()).isTrue();
        assertThat(set.getDefaultVersion().getSetBy()).isEqualTo("alice");
        assertThat(set.getDefaultVersion().hasSetAt()).isTrue();
        assertThat(getWorkflow("dflt", 0).getVersion()).isEqualTo(1);
        assertThat(startAndGetV("dflt")).isEqualTo(1);

        client.register(echoing("dflt", 3));
        assertThat(startAndGetV("dflt")).as("a set default stays when a new version is registered").isEqualTo(1);

        SetDefaultVersionResponse cleared = setDefault("dflt", 0, "bob");
        assertThat(cleared.getDefaultVersion().getVersion()).isEqualTo(3);
        assertThat(cleared.getDefaultVersion().getExplicit()).isFalse();
        assertThat(getWorkflow("dflt", 0).getVersion()).isEqualTo(3);
        assertThat(startAndGetV("dflt")).isEqualTo(3);

        var audit = pool.preparedQuery("select coalesce(version, 0) || ' by ' || set_by from workflow_default_changes "
                + "where tenant = 'default' and name = 'dflt' order by id").execute().await().indefinitely();
        java.util.List<String> rows = new java.util.ArrayList<>();
        audit.forEach(r -> rows.add(r.getString(0)));
        assertThat(rows).as("every change is kept").containsExactly("1 by alice", "0 by bob");
    }

    @Test
    void aRunningExecutionFinishesOnItsVersionWhileNewStartsRunTheNewDefault() {
        client.register("""
                name: pinning
                steps:
                  - { id: go, approval: { prompt: "go?" } }
                  - { id: a, agent: echo, depends_on: [go], input: { v: 1 } }
                output: { v: "{{ steps.a.output.v }}" }
                """);
        client.register(echoing("pinning", 2));
        setDefault("pinning", 1, "alice");
        String running = start("pinning");
        awaitWaiting(running, "go");

        setDefault("pinning", 2, "alice");
        String fresh = start("pinning");
        var freshEnd = client.awaitEnd(fresh);
        assertThat(freshEnd.getVersion()).isEqualTo(2);
        assertThat(v(freshEnd)).isEqualTo(2);

        as("alice").decideApproval(DecideApprovalRequest.newBuilder().setExecutionId(running).setStepId("go")
                .setDecision(ApprovalDecision.APPROVAL_DECISION_APPROVE).build());
        var runningEnd = client.awaitEnd(running);
        assertThat(runningEnd.getVersion()).isEqualTo(1);
        assertThat(v(runningEnd)).isEqualTo(1);
    }

    @Test
    void listWorkflowVersionsShowsWhoRegisteredEachAndWhoSetTheDefault() {
        client.workflows().registerWorkflow(RegisterWorkflowRequest.newBuilder()
                .setDefinition(echoing("audited", 1)).setRequestedBy("bob").build());
        callerStub("carol").registerWorkflow(RegisterWorkflowRequest.newBuilder()
                .setDefinition(echoing("audited", 2).replace("steps:", "description: second\nsteps:")).build());

        var before = listVersions("audited");
        assertThat(before.getDefaultVersion().getVersion()).isEqualTo(2);
        assertThat(before.getDefaultVersion().getExplicit()).isFalse();
        assertThat(before.getDefaultVersion().hasSetAt()).isFalse();

        setDefault("audited", 1, "alice");
        var after = listVersions("audited");
        assertThat(after.getName()).isEqualTo("audited");
        assertThat(after.getVersionsList()).extracting(WorkflowVersion::getVersion).containsExactly(1, 2);
        assertThat(after.getVersionsList()).extracting(WorkflowVersion::getRegisteredBy).containsExactly("bob", "carol");
        assertThat(after.getVersionsList()).extracting(WorkflowVersion::getDescription).containsExactly("", "second");
        assertThat(after.getVersionsList()).extracting(WorkflowVersion::getIsDefault).containsExactly(true, false);
        assertThat(after.getVersionsList()).allSatisfy(v -> assertThat(v.hasRegisteredAt()).isTrue());
        assertThat(after.getDefaultVersion().getVersion()).isEqualTo(1);
        assertThat(after.getDefaultVersion().getSetBy()).isEqualTo("alice");
        assertThat(after.getDefaultVersion().hasSetAt()).isTrue();
        assertThat(getWorkflow("audited", 1).getRegisteredBy()).isEqualTo("bob");
    }

    @Test
    void diffWorkflowVersionsReportsEachStepChangeAsDataAndAsText() {
        client.register("""
                name: diffed
                steps:
                  - { id: a, agent: echo }
                  - { id: b, agent: echo, depends_on: [a] }
                  - { id: c, agent: echo, depends_on: [a] }
                """);
        client.register("""
                name: diffed
                limits: { timeout: 2h }
                steps:
                  - { id: a, agent: echo }
                  - { id: b, agent: slow, depends_on: [a] }
                  - { id: d, agent: echo, depends_on: [b] }
                """);
        var diff = client.workflows().diffWorkflowVersions(DiffWorkflowVersionsRequest.newBuilder()
                .setName("diffed").setFromVersion(1).setToVersion(2).build());

        assertThat(diff.getFromVersion()).isEqualTo(1);
        assertThat(diff.getToVersion()).isEqualTo(2);
        assertThat(diff.getStepsAddedList()).containsExactly("d");
        assertThat(diff.getStepsRemovedList()).containsExactly("c");
        assertThat(diff.getStepsChangedList()).singleElement().satisfies(s -> {
            assertThat(s.getStepId()).isEqualTo("b");
            assertThat(s.getChangesList()).containsExactly(FieldChange.newBuilder().setPath("agent")
                    .setOldValue("\"echo\"").setNewValue("\"slow\"").build());
        });
        assertThat(diff.getWorkflowChangesList()).extracting(FieldChange::getPath).containsExactly("limits.timeout");
        assertThat(diff.getText()).isEqualTo("""
                ~ limits.timeout: "PT24H" -> "PT2H"
                ~ step b: agent: "echo" -> "slow"
                + step d
                - step c""");
    }

    @Test
    void badVersionRequestsAreRefusedNamingTheField() {
        client.register(echoing("refusing", 1));
        assertStatus(Status.Code.INVALID_ARGUMENT, "name: required", () -> setDefault("", 1, ""));
        assertStatus(Status.Code.INVALID_ARGUMENT, "version: must be 0", () -> setDefault("refusing", -1, ""));
        assertStatus(Status.Code.NOT_FOUND, "version: workflow 'refusing' has no version 9",
                () -> setDefault("refusing", 9, ""));
        assertStatus(Status.Code.NOT_FOUND, "name: no workflow 'ghost'", () -> setDefault("ghost", 1, ""));
        assertStatus(Status.Code.INVALID_ARGUMENT, "requested_by: expected printable ASCII",
                () -> setDefault("refusing", 1, "tab\there"));
        assertStatus(Status.Code.INVALID_ARGUMENT, "requested_by: 'alice' differs from the x-weft-caller header 'bob'",
                () -> callerStub("bob").setDefaultVersion(SetDefaultVersionRequest.newBuilder()
                        .setName("refusing").setVersion(1).setRequestedBy("alice").build()));

        assertStatus(Status.Code.INVALID_ARGUMENT, "name: required", () -> listVersions(""));
        assertStatus(Status.Code.NOT_FOUND, "name: no workflow 'ghost'", () -> listVersions("ghost"));

        assertStatus(Status.Code.INVALID_ARGUMENT, "from_version: expected a registered version", () -> diff("refusing", 0, 1));
        assertStatus(Status.Code.INVALID_ARGUMENT, "to_version: expected a registered version", () -> diff("refusing", 1, -2));
        assertStatus(Status.Code.NOT_FOUND, "to_version: workflow 'refusing' has no version 4", () -> diff("refusing", 1, 4));
        assertStatus(Status.Code.NOT_FOUND, "from_version: workflow 'ghost' has no version 1", () -> diff("ghost", 1, 1));
        assertThat(listVersions("refusing").getDefaultVersion().getExplicit()).as("nothing refused was recorded").isFalse();
    }

    @Test
    void versionsAndDefaultsBelongToTheCallersTenant() {
        WorkflowServiceGrpc.WorkflowServiceBlockingStub acme = client.workflows().withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(header("x-weft-tenant", "acme")));
        acme.registerWorkflow(RegisterWorkflowRequest.newBuilder().setDefinition(echoing("tenanted", 1)).build());
        acme.registerWorkflow(RegisterWorkflowRequest.newBuilder().setDefinition(echoing("tenanted", 2)).build());
        client.register(echoing("tenanted", 1));

        acme.setDefaultVersion(SetDefaultVersionRequest.newBuilder().setName("tenanted").setVersion(1).build());
        assertThat(listVersions("tenanted").getDefaultVersion().getExplicit()).isFalse();
        assertThat(listVersions("tenanted").getVersionsCount()).isEqualTo(1);
        assertStatus(Status.Code.NOT_FOUND, "version: workflow 'tenanted' has no version 2",
                () -> setDefault("tenanted", 2, ""));
        assertThat(acme.listWorkflowVersions(ListWorkflowVersionsRequest.newBuilder().setName("tenanted").build())
                .getDefaultVersion().getVersion()).isEqualTo(1);
    }

    private int startAndGetV(String name) {
        var end = client.awaitEnd(start(name));
        assertThat(v(end)).isEqualTo(end.getVersion());
        return end.getVersion();
    }

    private String start(String name) {
        return client.executions().startExecution(StartExecutionRequest.newBuilder().setWorkflow(name).build())
                .getExecutionId();
    }

    private static int v(dev.weft.api.v1.Execution e) {
        return (int) e.getOutput().getStructValue().getFieldsMap().get("v").getNumberValue();
    }

    private SetDefaultVersionResponse setDefault(String name, int version, String by) {
        return client.workflows().setDefaultVersion(SetDefaultVersionRequest.newBuilder().setName(name)
                .setVersion(version).setRequestedBy(by).build());
    }

    private dev.weft.api.v1.Workflow getWorkflow(String name, int version) {
        return client.workflows().getWorkflow(GetWorkflowRequest.newBuilder().setName(name).setVersion(version).build());
    }

    private dev.weft.api.v1.ListWorkflowVersionsResponse listVersions(String name) {
        return client.workflows().listWorkflowVersions(ListWorkflowVersionsRequest.newBuilder().setName(name).build());
    }

    private dev.weft.api.v1.DiffWorkflowVersionsResponse diff(String name, int from, int to) {
        return client.workflows().diffWorkflowVersions(DiffWorkflowVersionsRequest.newBuilder().setName(name)
                .setFromVersion(from).setToVersion(to).build());
    }

    private static Metadata caller(String name) {
        return header("x-weft-caller", name);
    }

    private static Metadata header(String key, String value) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);
        return headers;
    }

    private WorkflowServiceGrpc.WorkflowServiceBlockingStub callerStub(String name) {
        return client.workflows().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(caller(name)));
    }

    private ExecutionServiceGrpc.ExecutionServiceBlockingStub as(String name) {
        return client.executions().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(caller(name)));
    }

    /** Until the step waits (RUNNING): in the snapshot already, or in a change that follows it. */
    private void awaitWaiting(String id, String stepId) {
        Iterator<ExecutionUpdate> watch = client.executions().watchExecution(
                WatchExecutionRequest.newBuilder().setExecutionId(id).build());
        while (watch.hasNext()) {
            ExecutionUpdate u = watch.next();
            boolean inSnapshot = u.hasSnapshot() && u.getSnapshot().getStepsList().stream()
                    .anyMatch(s -> s.getStepId().equals(stepId) && s.getStatus() == StepStatus.STEP_STATUS_RUNNING);
            boolean inChange = u.hasChange() && u.getChange().getStep().getStepId().equals(stepId)
                    && u.getChange().getStep().getStatus() == StepStatus.STEP_STATUS_RUNNING;
            if (inSnapshot || inChange) {
                return;
            }
        }
        throw new AssertionError("the execution ended before step " + stepId + " waited");
    }

    private static void assertStatus(Status.Code code, String messageStart, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).startsWith(messageStart);
        });
    }
}
