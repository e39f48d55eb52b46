package dev.weft.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjLongConsumer;

/**
 * The payload format of {@code NOTIFY weft_changes}: {@code <executionId>:<lastSequence>} items,
 * comma-separated, each payload under PostgreSQL's 8000-byte limit. Execution ids contain neither
 * ',' nor ':'.
 */
public final class ChangeNotifications {
    static final int MAX_PAYLOAD = 7900;

    private ChangeNotifications() {
    }

    /** One or more payloads that together name every (execution, last sequence) pair. */
    static List<String> encode(List<CommitRequest> requests) {
        List<String> payloads = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (CommitRequest r : requests) {
            String item = r.state().executionId() + ":" + r.state().sequence();
            if (b.length() + item.length() + 1 > MAX_PAYLOAD) {
                payloads.add(b.toString());
                b.setLength(0);
            }
            b.append(b.isEmpty() ? "" : ",").append(item);
        }
        if (!b.isEmpty()) {
            payloads.add(b.toString());
        }
        return payloads;
    }

    /** Calls {@code each(executionId, lastSequence)} for every well-formed item; others are skipped. */
    static void decode(String payload, ObjLongConsumer<String> each) {
        for (String item : payload.split(",")) {
            int colon = item.lastIndexOf(':');
            if (colon > 0) {
                try {
                    each.accept(item.substring(0, colon), Long.parseLong(item.substring(colon + 1)));
                } catch (NumberFormatException ignored) {
                    // not ours: another program may NOTIFY on the channel
                }
            }
        }
    }
}
