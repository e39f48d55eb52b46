package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.v1.DeadLetter;
import dev.weft.api.v1.DeadLetterServiceGrpc;
import dev.weft.api.v1.DeadLetterStatus;
import dev.weft.api.v1.DiscardDeadLetterRequest;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.GetDeadLetterRequest;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.ListDeadLettersRequest;
import dev.weft.api.v1.ReplayDeadLetterRequest;
import dev.weft.api.v1.ReplayDeadLetterResponse;
import dev.weft.testing.GrpcClients;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A step that failed for good is a dead letter an operator can see, understand and replay to
 * completion; every replay and discard is in the execution's history.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class DeadLetterServiceTest {
    final WeftClient client = new WeftClient();
    ManagedChannel channel;
    DeadLetterServiceGrpc.DeadLetterServiceBlockingStub letters;

    @BeforeEach
    void open() {
        channel = GrpcClients.channel();
        letters = DeadLetterServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws InterruptedException {
        client.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A run whose step fails twice for good (two attempts), then succeeds on its third. */
    private String failedRun(String name) {
        client.register("""
                name: %s
                steps:
                  - id: fetch
                    agent: flaky
                    input: { failures: 2, url: "https://example.org" }
                    retry: { max_attempts: 2, backoff: immediate }
                  - { id: report, agent: echo, depends_on: [fetch], input: "{{ steps.fetch.output.url }}" }
                output: "{{ steps.report.output }}"
                """.formatted(name));
        String id = client.start(name, "{}");
        assertThat(client.awaitEnd(id).getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_FAILED);
        return id;
    }

    private DeadLetter taskLetterOf(String executionId) {
        List<DeadLetter> found = letters.listDeadLetters(ListDeadLettersRequest.newBuilder()
                .setExecutionId(executionId).setSource("task").build()).getDeadLettersList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void aStepThatFailedForGoodIsADeadLetterThatTellsWhyAndReplaysToCompletion() {
        String id = failedRun("dlq-replay");
        DeadLetter listed = taskLetterOf(id);
        assertThat(listed.getStatus()).isEqualTo(DeadLetterStatus.DEAD_LETTER_STATUS_OPEN);
        assertThat(listed.getStepId()).isEqualTo("fetch");
        assertThat(listed.getAttempt()).isEqualTo(2);
        assertThat(listed.getTaskId()).isEqualTo(id + ":fetch:2");

        DeadLetter inspected = letters.getDeadLetter(GetDeadLetterRequest.newBuilder().setId(listed.getId()).build());
        assertThat(inspected.getReason()).contains("step 'fetch' failed for good").contains("flaky failure 2 of 2")
                .contains("after 2 of 2 attempts");
        assertThat(inspected.getBody()).contains("https://example.org");

        ReplayDeadLetterResponse replayed = letters.replayDeadLetter(ReplayDeadLetterRequest.newBuilder()
                .setId(listed.getId()).setReason("the site is back").build());
        assertThat(replayed.getExecution().getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_RUNNING);
        assertThat(replayed.getDeadLetter().getStatus()).isEqualTo(DeadLetterStatus.DEAD_LETTER_STATUS_REPLAYED);

        var done = client.awaitEnd(id);
        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(done.getOutput().getStringValue()).isEqualTo("https://example.org");
        HistoryEvent reopened = client.history(id).stream().filter(h -> h.getType().equals("ExecutionReopened"))
                .findFirst().orElseThrow();
        assertThat(reopened.getDetails().getFieldsMap().get("deadLetterId").getNumberValue()).isEqualTo(listed.getId());
        assertThat(reopened.getDetails().getFieldsMap().get("reason").getStringValue()).isEqualTo("the site is back");

        assertThatThrownBy(() -> letters.replayDeadLetter(ReplayDeadLetterRequest.newBuilder()
                .setId(listed.getId()).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).startsWith("id: dead letter " + listed.getId()
                            + " was already REPLAYED");
                });
    }

    @Test
    void aDiscardedDeadLetterIsSetAsideAndTheHistorySaysSo() {
        String id = failedRun("dlq-discard");
        DeadLetter listed = taskLetterOf(id);

        DeadLetter discarded = letters.discardDeadLetter(DiscardDeadLetterRequest.newBuilder().setId(listed.getId())
                .setReason("known outage").build());

        assertThat(discarded.getStatus()).isEqualTo(DeadLetterStatus.DEAD_LETTER_STATUS_DISCARDED);
        assertThat(discarded.getResolution()).isEqualTo("known outage");
        assertThat(client.history(id)).extracting(HistoryEvent::getType).contains("DeadLetterDiscarded");
        assertThat(letters.listDeadLetters(ListDeadLettersRequest.newBuilder().setExecutionId(id)
                .setStatus(DeadLetterStatus.DEAD_LETTER_STATUS_OPEN).build()).getDeadLettersList()).isEmpty();
    }

    @Test
    void unknownIdsAndOtherTenantsLettersAreNotFoundNamingTheField() {
        String id = failedRun("dlq-tenants");
        long letter = taskLetterOf(id).getId();
        Metadata other = new Metadata();
        other.put(Metadata.Key.of("x-weft-tenant", Metadata.ASCII_STRING_MARSHALLER), "someone-else");
        var foreign = letters.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(other));

        for (Runnable call : List.<Runnable>of(
                () -> letters.getDeadLetter(GetDeadLetterRequest.newBuilder().setId(987654321L).build()),
                () -> foreign.getDeadLetter(GetDeadLetterRequest.newBuilder().setId(letter).build()),
                () -> foreign.replayDeadLetter(ReplayDeadLetterRequest.newBuilder().setId(letter).build()))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                assertThat(e.getStatus().getDescription()).startsWith("id: ");
            });
        }
        assertThat(foreign.listDeadLetters(ListDeadLettersRequest.newBuilder().setExecutionId(id).build())
                .getDeadLettersList()).isEmpty();
    }
}
