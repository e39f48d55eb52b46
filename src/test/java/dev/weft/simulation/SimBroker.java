package dev.weft.simulation;

import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An AMQP 1.0 broker with durable anycast queues, as Weft relies on it: a message the broker
 * accepted survives anything; a delivery not settled by its consumer is delivered again when the
 * consumer's connection goes (its delivery count one higher); a consumer gets at most its credit
 * of unsettled deliveries. Faults: the broker goes down (every connection drops, sends fail), it
 * refuses a message, or it takes a message while its acceptance never reaches the sender.
 */
final class SimBroker {

    static final class Message {
        final long id;
        final String body;
        final long bodyBytes;
        final Map<String, Object> properties;
        final String replyTo;
        int deliveryCount;

        Message(long id, String body, long bodyBytes, Map<String, Object> properties, String replyTo) {
            this.id = id;
            this.body = body;
            this.bodyBytes = bodyBytes;
            this.properties = properties;
            this.replyTo = replyTo;
        }
    }

    /** One receiver link: who holds it, its credit and what it has not settled yet. */
    final class Receiver {
        final SimWorld.Process owner;
        final String address;
        private final Consumer<Delivery> handler;
        private int credit;
        private boolean open = true;
        private final Set<Message> unsettled = new LinkedHashSet<>();

        private Receiver(SimWorld.Process owner, String address, int credit, Consumer<Delivery> handler) {
            this.owner = owner;
            this.address = address;
            this.credit = credit;
            this.handler = handler;
        }

        boolean isOpen() {
            return open && owner.alive();
        }
    }

    record Delivery(Receiver receiver, Message message, int deliveryCount) {
    }

    private final SimWorld world;
    private final SimFaults faults;
    private final Map<String, Deque<Message>> queues = new LinkedHashMap<>();
    private final List<Receiver> receivers = new ArrayList<>();
    private long nextId = 1;
    long accepted;
    long redeliveries;

    SimBroker(SimWorld world, SimFaults faults) {
        this.world = world;
        this.faults = faults;
    }

    Message message(String body, Map<String, Object> properties, String replyTo) {
        return new Message(nextId++, body, body == null ? 0 : body.length(), properties, replyTo);
    }

    Message message(String body, long bodyBytes, Map<String, Object> properties, String replyTo) {
        return new Message(nextId++, body, bodyBytes, properties, replyTo);
    }

    /** The item arrives when the broker accepted the message; a lost acceptance never arrives at all. */
    Uni<Void> send(SimWorld.Process sender, String address, Message message) {
        return Uni.createFrom().emitter(emitter -> world.after(world.world, world.latency(), () -> {
            if (faults.brokerDown() || world.chance(faults.brokerRefusalPercent())) {
                world.after(sender, world.latency(), () -> emitter.fail(new SimFault("broker refused the message")));
                return;
            }
            queue(address).addLast(message);
            accepted++;
            pump(address);
            if (!world.chance(faults.lostAckPercent())) {
                world.after(sender, world.latency(), () -> emitter.complete(null));
            }
        }));
    }

    /** Attaches a receiver; null when the broker is down (the caller tries again later). */
    Receiver attach(SimWorld.Process owner, String address, int credit, Consumer<Delivery> handler) {
        if (faults.brokerDown()) {
            return null;
        }
        Receiver r = new Receiver(owner, address, credit, handler);
        receivers.add(r);
        pump(address);
        return r;
    }

    /** Accept (done) or release (deliver again later); a settlement of a closed link changes nothing. */
    void settle(Delivery d, boolean accept) {
        world.after(world.world, world.latency(), () -> {
            Receiver r = d.receiver();
            if (!r.open || !r.unsettled.remove(d.message())) {
                return; // the link went away first: the message was already put back
            }
            r.credit++;
            if (!accept) {
                d.message().deliveryCount++;
                redeliveries++;
                queue(r.address).addFirst(d.message());
            }
            pump(r.address);
        });
    }

    /** Every link of a process goes (it crashed or lost its connection): its unsettled messages come back. */
    void disconnect(SimWorld.Process owner) {
        for (Receiver r : List.copyOf(receivers)) {
            if (r.owner == owner) {
                close(r);
            }
        }
    }

    void goDown() {
        faults.brokerDown(true);
        List.copyOf(receivers).forEach(this::close);
    }

    void comeUp() {
        faults.brokerDown(false);
    }

    private void close(Receiver r) {
        r.open = false;
        receivers.remove(r);
        List<Message> back = new ArrayList<>(r.unsettled);
        r.unsettled.clear();
        Deque<Message> q = queue(r.address);
        for (int i = back.size() - 1; i >= 0; i--) {
            back.get(i).deliveryCount++;
            redeliveries++;
            q.addFirst(back.get(i));
        }
        pump(r.address);
    }

    private void pump(String address) {
        Deque<Message> q = queue(address);
        while (!q.isEmpty()) {
            List<Receiver> ready = receivers.stream()
                    .filter(r -> r.address.equals(address) && r.isOpen() && r.credit > 0).toList();
            if (ready.isEmpty()) {
                return;
            }
            Receiver r = ready.get(world.random.nextInt(ready.size()));
            Message m = q.pollFirst();
            r.credit--;
            r.unsettled.add(m);
            Delivery d = new Delivery(r, m, m.deliveryCount);
            world.after(r.owner, world.latency(), () -> {
                if (r.open) {
                    r.handler.accept(d);
                }
            });
        }
    }

    private Deque<Message> queue(String address) {
        return queues.computeIfAbsent(address, k -> new ArrayDeque<>());
    }

    String describe() {
        StringBuilder b = new StringBuilder();
        queues.forEach((a, q) -> b.append("queue ").append(a).append(": ").append(q.size()).append(" waiting\n"));
        receivers.forEach(r -> b.append("receiver ").append(r.owner).append(" on ").append(r.address)
                .append(" credit ").append(r.credit).append(" unsettled ").append(r.unsettled.size()).append('\n'));
        return b.toString();
    }

    /** Messages waiting or delivered but not settled, on every address. */
    long pending() {
        long waiting = queues.values().stream().mapToLong(Deque::size).sum();
        long unsettled = receivers.stream().mapToLong(r -> r.unsettled.size()).sum();
        return waiting + unsettled;
    }
}
