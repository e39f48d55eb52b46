package dev.weft.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.ExecutionState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One transaction at a time groups the decisions that arrive while it runs; a second one starts
 * beside it only for a backlog, and never more than the limit.
 */
class GroupCommitterTest {

    /** A writer whose transactions end when the test says so. */
    static final class HeldWriter implements BatchWriter {
        final List<List<CommitRequest>> batches = new ArrayList<>();
        final List<UniEmitter<? super List<OutboxMessage>>> open = new ArrayList<>();

        @Override
        public Uni<List<OutboxMessage>> write(List<CommitRequest> requests) {
            return Uni.createFrom().emitter(e -> {
                batches.add(requests);
                open.add(e);
            });
        }

        void finishOldest() {
            open.remove(0).complete(List.of());
        }

        List<Integer> sizes() {
            return batches.stream().map(List::size).toList();
        }
    }

    final HeldWriter writer = new HeldWriter();
    final GroupCommitter committer = new GroupCommitter(writer, 2, 256, new SimpleMeterRegistry());
    final AtomicInteger committed = new AtomicInteger();

    void submit(int n) {
        for (int i = 0; i < n; i++) {
            committer.commit(new CommitRequest(ExecutionState.EMPTY, 1, List.of(), List.of(), null, List.of(),
                    List.of(), false, Instant.EPOCH)).subscribe().with(x -> committed.incrementAndGet());
        }
    }

    @Test
    void aLoneRequestCommitsAtOnce() {
        submit(1);

        assertThat(writer.sizes()).containsExactly(1);
    }

    @Test
    void requestsArrivingDuringATransactionGoTogetherInTheNext() {
        submit(1);
        submit(10);
        assertThat(writer.sizes()).as("a small backlog waits for the running transaction").containsExactly(1);

        writer.finishOldest();

        assertThat(writer.sizes()).containsExactly(1, 10);
        writer.finishOldest();
        assertThat(committed).hasValue(11);
    }

    @Test
    void aBacklogGetsASecondTransactionButNoThird() {
        submit(1);
        submit(GroupCommitter.PARALLEL_AFTER - 1);
        assertThat(writer.sizes()).hasSize(1);

        submit(1);
        assertThat(writer.sizes()).as("the backlog reached the threshold")
                .containsExactly(1, GroupCommitter.PARALLEL_AFTER);

        submit(GroupCommitter.PARALLEL_AFTER * 2);
        assertThat(writer.sizes()).as("two transactions at most").hasSize(2);

        writer.finishOldest();
        assertThat(writer.sizes()).containsExactly(1, GroupCommitter.PARALLEL_AFTER,
                GroupCommitter.PARALLEL_AFTER * 2);
    }
}
