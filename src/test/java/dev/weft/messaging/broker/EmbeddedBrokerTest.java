package dev.weft.messaging.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.amqp.AmqpMessage;

class EmbeddedBrokerTest {

    @TempDir
    Path dataDir;

    private EmbeddedBroker broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void startsOnAFreePortAndReportsItsJournal() {
        broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withDataDir(dataDir));

        assertThat(broker.port()).isPositive().isNotEqualTo(5672);
        assertThat(broker.host()).isEqualTo("127.0.0.1");
        assertThat(broker.journalType()).isIn("ASYNCIO", "NIO");
        assertThat(broker.describe())
                .startsWith("embedded ActiveMQ Artemis 2.44.0 on 127.0.0.1:" + broker.port())
                .contains("journal " + broker.journalType())
                .contains(dataDir.toString());
    }

    @Test
    void nioCanBeForced() {
        broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withDataDir(dataDir)
                .withJournal(EmbeddedBroker.JournalPreference.NIO));
        assertThat(broker.journalType()).isEqualTo("NIO");
    }

    @Test
    void messageSentBeforeAnyConsumerIsDeliveredLater() throws Exception {
        broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withPersistent(false));
        assertThat(broker.journalType()).isEqualTo("NONE (in-memory)");

        try (AmqpTestClient client = new AmqpTestClient(broker.host(), broker.port())) {
            client.send("weft.tasks.early", AmqpMessage.create().durable(true).withBody("hello").build());

            AmqpMessage received = client.receiveOne("weft.tasks.early");
            assertThat(received.bodyAsString()).isEqualTo("hello");
        }
    }

    @Test
    void persistentMessageSurvivesRestartOnTheSameDataDir() throws Exception {
        EmbeddedBroker.Options options = EmbeddedBroker.Options.defaults().withDataDir(dataDir);
        broker = EmbeddedBroker.start(options);
        try (AmqpTestClient client = new AmqpTestClient(broker.host(), broker.port())) {
            client.send("weft.tasks.durable", AmqpMessage.create().durable(true).id("m-1").withBody("kept").build());
        }
        int firstPort = broker.port();
        broker.stop();
        broker = null;

        // Reuse the port so the restart looks like the same broker to clients.
        broker = EmbeddedBroker.start(options.withPort(firstPort));
        assertThat(broker.messageCount("weft.tasks.durable")).isEqualTo(1);
        try (AmqpTestClient client = new AmqpTestClient(broker.host(), broker.port())) {
            AmqpMessage received = client.receiveOne("weft.tasks.durable");
            assertThat(received.id()).isEqualTo("m-1");
            assertThat(received.bodyAsString()).isEqualTo("kept");
        }
    }
}
