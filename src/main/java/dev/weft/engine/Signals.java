package dev.weft.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What an execution knows of the signals sent to it: those no wait has consumed yet (the inbox,
 * oldest first), the sender ids seen so far (a signal repeated with the same id changes nothing)
 * and how many waits and approvals it has opened (the store keeps a lookup row for each).
 *
 * @param inbox    signals that arrived before a wait for them started
 * @param ids      sender-given signal ids, for deduplication
 * @param received how many signals were recorded (bounded per execution)
 * @param opened   how many waits and approvals started so far
 */
public record Signals(List<Received> inbox, List<String> ids, int received, int opened) {

    public static final Signals NONE = new Signals(List.of(), List.of(), 0, 0);

    public Signals {
        inbox = List.copyOf(inbox);
        ids = List.copyOf(ids);
    }

    /** @param sequence the sequence number of the signal's SignalReceived event, which names it */
    public record Received(long sequence, String signalId, String event, String correlation, Object payload,
                           Instant at) {
    }

    public boolean seen(String signalId) {
        return signalId != null && ids.contains(signalId);
    }

    Signals withReceived(Received signal) {
        List<Received> nextInbox = new ArrayList<>(inbox);
        nextInbox.add(signal);
        List<String> nextIds = ids;
        if (signal.signalId() != null) {
            nextIds = new ArrayList<>(ids);
            nextIds.add(signal.signalId());
        }
        return new Signals(nextInbox, nextIds, received + 1, opened);
    }

    Signals consumed(long sequence) {
        return new Signals(inbox.stream().filter(s -> s.sequence() != sequence).toList(), ids, received, opened);
    }

    Signals withOpened() {
        return new Signals(inbox, ids, received, opened + 1);
    }
}
