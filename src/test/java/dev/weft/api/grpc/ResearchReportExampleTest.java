package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.ApprovalDecision;
import dev.weft.api.v1.DecideApprovalRequest;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ListApprovalsRequest;
import dev.weft.api.v1.PendingApproval;
import dev.weft.api.v1.StepRun;
import dev.weft.testing.Eventually;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The example `./weft demo` runs (examples/research-report.yaml), with the demo agents over AMQP:
 * research, a foreach of drafts, a review loop the reviewer agent approves in round 2, a person's
 * sign-off, publishing as a sub-workflow.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class ResearchReportExampleTest {
    final WeftClient client = new WeftClient();

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void theReportIsDraftedRevisedSignedOffAndPublishedByItsSubWorkflow() throws IOException {
        client.register(DefinitionParserResources.read("/examples/publish-report.yaml"));
        client.register(DefinitionParserResources.read("/examples/research-report.yaml"));
        String id = client.start("research-report", "{\"topic\": \"Durable agents\"}");

        ListApprovalsRequest pending = ListApprovalsRequest.newBuilder().setWorkflow("research-report").build();
        Eventually.await("the sign-off is asked for", Duration.ofSeconds(30), () -> client.executions()
                .listApprovals(pending).getApprovalsList().stream().anyMatch(a -> a.getExecutionId().equals(id)));
        PendingApproval signOff = client.executions().listApprovals(pending).getApprovalsList().stream()
                .filter(a -> a.getExecutionId().equals(id)).findFirst().orElseThrow();
        assertThat(signOff.getPrompt()).isEqualTo("Publish the report on Durable agents (score 8, ready to publish)?");
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-weft-caller", Metadata.ASCII_STRING_MARSHALLER), "alice");
        client.executions().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)).decideApproval(
                DecideApprovalRequest.newBuilder().setExecutionId(id).setStepId("sign_off")
                        .setDecision(ApprovalDecision.APPROVAL_DECISION_APPROVE).build());

        Execution done = client.awaitEnd(id);
        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        Map<String, com.google.protobuf.Value> output = done.getOutput().getStructValue().getFieldsMap();
        assertThat(output.get("url").getStringValue()).isEqualTo("https://reports.example/durable agents");
        assertThat(output.get("sections").getNumberValue()).isEqualTo(3);
        assertThat(output.get("review_rounds").getNumberValue()).isEqualTo(2);
        assertThat(output.get("editor").getStringValue()).isEqualTo("alice");
        assertThat(done.getStepsList()).extracting(StepRun::getStepId)
                .contains("drafts[0]", "drafts[2]", "revise.review", "revise#2.review", "publish");
        String child = done.getStepsList().stream().filter(s -> s.getStepId().equals("publish")).findFirst()
                .orElseThrow().getChildExecutionId();
        assertThat(client.get(child).getWorkflow()).isEqualTo("publish-report");
    }

    /** The examples ship in the jar; the test reads them from there as the demo does. */
    static final class DefinitionParserResources {
        static String read(String resource) throws IOException {
            try (var in = ResearchReportExampleTest.class.getResourceAsStream(resource)) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
    }
}
