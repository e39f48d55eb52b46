package dev.weft.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.runtime.port.OutboxStore;
import dev.weft.store.OutboxMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A task message is never stranded: a send that fails, or never gets an answer, hands its row back. */
class OutboxRelayTest {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    final List<UniEmitter<? super Void>> sends = new ArrayList<>();
    final List<Long> deleted = new ArrayList<>();
    final List<Long> released = new ArrayList<>();
    final List<OutboxMessage> claimable = new ArrayList<>();
    /** What the relay asked to run later (its quick re-sweep). */
    final List<Runnable> later = new ArrayList<>();
    final OutboxStore store = new OutboxStore() {
        @Override
        public Uni<Void> delete(List<Long> ids) {
            deleted.addAll(ids);
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> release(List<Long> ids) {
            released.addAll(ids);
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<List<OutboxMessage>> claimUnsent(Instant at, Duration lease, int limit) {
            List<OutboxMessage> rows = List.copyOf(claimable);
            claimable.clear();
            return Uni.createFrom().item(rows);
        }
    };
    final OutboxRelay relay = new OutboxRelay(m -> Uni.createFrom().emitter(sends::add),
            start -> Uni.createFrom().voidItem(), store,
            new RoutingMetrics(new SimpleMeterRegistry()), () -> now, (delay, action) -> later.add(action),
            new OutboxRelay.Settings(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(1)));

    static OutboxMessage row(long id) {
        return new OutboxMessage(id, "ex", "ex:a:" + id, "weft.tasks.w", "{}", Instant.parse("2030-01-01T00:00:00Z"),
                null);
    }

    @Test
    void anAcceptedMessageDeletesItsRow() {
        relay.send(List.of(row(1)));
        sends.get(0).complete(null);

        assertThat(deleted).containsExactly(1L);
        assertThat(relay.inFlight()).isZero();
    }

    @Test
    void aRefusedSendHandsItsRowBackAndIsSweptAgainSoon() {
        relay.send(List.of(row(1)));
        sends.get(0).fail(new IllegalStateException("link detached"));

        assertThat(released).containsExactly(1L);
        assertThat(deleted).isEmpty();
        assertThat(later).as("one quick re-sweep is armed").hasSize(1);
        claimable.add(row(1));
        later.get(0).run();
        assertThat(sends).as("sent again by the quick sweep").hasSize(2);
    }

    @Test
    void aSendWithNoAnswerIsGivenUpAfterItsTimeoutAndSentAgain() {
        relay.send(List.of(row(1)));
        now = now.plusSeconds(11);
        claimable.add(row(1)); // what the store hands out once the claim is released
        relay.sweep().await().indefinitely();

        assertThat(released).as("the silent send hands its claim back").containsExactly(1L);
        assertThat(sends).as("sent again").hasSize(2);
        // The first answer still arrives: the broker has it, so the row goes.
        sends.get(0).complete(null);
        assertThat(deleted).containsExactly(1L);
    }

    @Test
    void aRowAlreadyBeingSentIsNotSentTwiceByThisReplica() {
        relay.send(List.of(row(1)));
        relay.send(List.of(row(1)));

        assertThat(sends).hasSize(1);
    }
}
