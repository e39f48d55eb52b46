package dev.weft.runtime;

import dev.weft.runtime.port.ChangeFeed;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * Tells watchers of an execution what just committed: in full when this replica committed it,
 * as a hint (from PostgreSQL LISTEN/NOTIFY) when another replica did. Publishing to an execution
 * nobody watches costs one map lookup.
 */
public class ChangeBroadcaster {
    private final Map<String, Set<Consumer<CommittedChange>>> watchers = new ConcurrentHashMap<>();
    private final Set<Consumer<CommittedChange>> everything = new CopyOnWriteArraySet<>();

    /** Every change of every execution committed here (benchmarks, metrics). */
    public Runnable subscribeAll(Consumer<CommittedChange> watcher) {
        everything.add(watcher);
        return () -> everything.remove(watcher);
    }

    public ChangeBroadcaster(ChangeFeed otherReplicas) {
        otherReplicas.onChange((executionId, sequence) -> {
            Set<Consumer<CommittedChange>> set = watchers.get(executionId);
            if (set != null) {
                CommittedChange hint = new CommittedChange(executionId, sequence, java.util.List.of(), null);
                set.forEach(w -> w.accept(hint));
            }
        });
    }

    public Runnable subscribe(String executionId, Consumer<CommittedChange> watcher) {
        watchers.computeIfAbsent(executionId, k -> new CopyOnWriteArraySet<>()).add(watcher);
        return () -> watchers.computeIfPresent(executionId, (k, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    void publish(CommittedChange change) {
        everything.forEach(w -> w.accept(change));
        Set<Consumer<CommittedChange>> set = watchers.get(change.executionId());
        if (set != null) {
            set.forEach(w -> w.accept(change));
        }
    }
}
