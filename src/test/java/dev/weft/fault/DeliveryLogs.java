package dev.weft.fault;

import dev.weft.agent.demo.DeliveryLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the agents themselves say happened, read from their {@link DeliveryLog} files: which task
 * ids reached an agent, and which results the broker accepted from one. A process killed while
 * writing may leave a last partial line; it is ignored.
 */
/**
 * @param received when each task id first reached an agent (agent clock, epoch ms)
 */
record DeliveryLogs(Map<String, Long> received, Map<String, List<Sent>> sent, Map<Path, List<Line>> byFile) {

    /** One result the broker accepted; {@code at} is the agent's clock in epoch ms. */
    record Sent(String taskId, int attempt, String outcome, long at) {
        boolean garbage() {
            return outcome.startsWith("garbage");
        }
    }

    record Line(long at, String kind, String taskId) {
    }

    static DeliveryLogs read(List<Path> files) throws IOException {
        Map<String, Long> received = new HashMap<>();
        Map<String, List<Sent>> sent = new HashMap<>();
        Map<Path, List<Line>> byFile = new HashMap<>();
        for (Path file : files) {
            List<Line> lines = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length >= 4 && f[1].equals(DeliveryLog.RECEIVED)) {
                    received.merge(f[2], Long.parseLong(f[0]), Math::min);
                    lines.add(new Line(Long.parseLong(f[0]), f[1], f[2]));
                } else if (f.length == 5 && f[1].equals(DeliveryLog.SENT)) {
                    sent.computeIfAbsent(f[2], k -> new ArrayList<>())
                            .add(new Sent(f[2], Integer.parseInt(f[3]), f[4], Long.parseLong(f[0])));
                    lines.add(new Line(Long.parseLong(f[0]), f[1], f[2]));
                }
            }
            byFile.put(file, lines);
        }
        return new DeliveryLogs(received, sent, byFile);
    }

    long sentCount() {
        return sent.values().stream().mapToLong(List::size).sum();
    }

    List<Sent> garbage() {
        return sent.values().stream().flatMap(List::stream).filter(Sent::garbage).toList();
    }

    /** Task ids this file shows as received but never answered (in that file). */
    Set<String> unanswered(Path file) {
        Set<String> open = new HashSet<>();
        for (Line l : byFile.getOrDefault(file, List.of())) {
            if (l.kind().equals(DeliveryLog.RECEIVED)) {
                open.add(l.taskId());
            } else {
                open.remove(l.taskId());
            }
        }
        return open;
    }
}
