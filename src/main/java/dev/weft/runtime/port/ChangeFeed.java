package dev.weft.runtime.port;

import java.util.function.BiConsumer;

/** Commits of every replica, as (execution id, last sequence) hints; may lag or miss some. */
public interface ChangeFeed {
    void onChange(BiConsumer<String, Long> listener);
}
