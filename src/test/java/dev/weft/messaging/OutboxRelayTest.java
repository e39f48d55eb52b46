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
    final List<OutboxMessage.Key> deleted = new ArrayList<>();
    final List<OutboxMessage.Key> released = new ArrayList<>();
    final List<OutboxMessage> claimable = new ArrayList<>();
    /** What the relay asked to run later (its quick re-sweep). */
    final List<Runnable> later = new ArrayList<>();
    final OutboxStore store = new OutboxStore() {
        @Override
        public Uni<Void> delete(List<OutboxMessage.Key> keys) {
            deleted.addAll(keys);
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> release(List<OutboxMessage.Key> keys) {
            released.addAll(keys);
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
            new OutboxRelay.Settings(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(1),
                    Duration.ofSeconds(3)));

    /** A message the engine carries out itself, in an outbox row. */
    static OutboxMessage row(long id) {
        return new OutboxMessage(id, "ex", "ex:a:" + id, "weft.tasks.w", "{}", Instant.parse("2030-01-01T00:00:00Z"),
                null, OutboxMessage.Kept.OUTBOX_ROW);
    }

    static OutboxMessage.Key key(long id) {
        return row(id).key();
    }

    /** A task message kept in its step row (ADR 0016). */
    static OutboxMessage task(int attempt) {
        return new OutboxMessage(0, "ex", "ex:a:" + attempt, "weft.tasks.w", "{}",
                Instant.parse("2030-01-01T00:00:00Z"), null, OutboxMessage.Kept.STEP_ROW);
    }

    @Test
    void anAcceptedMessageDeletesItsRow() {
        relay.send(List.of(row(1)));
        sends.get(0).complete(null);

        assertThat(deleted).containsExactly(key(1));
        assertThat(relay.inFlight()).isZero();
    }

    @Test
    void anAcceptedTaskMessageIsForgottenOnlyOnceTheMarkDelayPassed() {
        relay.send(List.of(task(1)));
        sends.get(0).complete(null);

        assertThat(deleted).as("its result usually clears the claim before").isEmpty();
        assertThat(relay.acceptancesUnwritten()).isOne();
        assertThat(later).as("the acceptance is written later").hasSize(1);
        now = now.plusSeconds(3);
        later.get(0).run();
        assertThat(deleted).containsExactly(task(1).key());
        assertThat(relay.acceptancesUnwritten()).isZero();
    }

    @Test
    void acceptancesNotDueYetWaitForTheNextMark() {
        relay.send(List.of(task(1)));
        sends.get(0).complete(null);
        now = now.plusSeconds(2);
        relay.send(List.of(task(2)));
        sends.get(1).complete(null);
        now = now.plusSeconds(1);

        later.get(0).run();
        assertThat(deleted).containsExactly(task(1).key());
        assertThat(later).as("armed again for the one not due").hasSize(2);
        now = now.plusSeconds(3);
        later.get(1).run();
        assertThat(deleted).containsExactly(task(1).key(), task(2).key());
    }

    @Test
    void aRefusedTaskMessageHandsItsStepRowClaimBack() {
        relay.send(List.of(task(1)));
        sends.get(0).fail(new IllegalStateException("link detached"));

        assertThat(released).containsExactly(task(1).key());
        assertThat(relay.acceptancesUnwritten()).isZero();
    }

    @Test
    void aRefusedSendHandsItsRowBackAndIsSweptAgainSoon() {
        relay.send(List.of(row(1)));
        sends.get(0).fail(new IllegalStateException("link detached"));

        assertThat(released).containsExactly(key(1));
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

        assertThat(released).as("the silent send hands its claim back").containsExactly(key(1));
        assertThat(sends).as("sent again").hasSize(2);
        // The first answer still arrives: the broker has it, so the row goes.
        sends.get(0).complete(null);
        assertThat(deleted).containsExactly(key(1));
    }

    @Test
    void aRowAlreadyBeingSentIsNotSentTwiceByThisReplica() {
        relay.send(List.of(row(1)));
        relay.send(List.of(row(1)));

        assertThat(sends).hasSize(1);
    }
}
