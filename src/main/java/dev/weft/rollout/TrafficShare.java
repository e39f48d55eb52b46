package dev.weft.rollout;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which side of the flag's percentage a start falls on. The bucket is a stable hash of the
 * start's key (its request id), so a retry of the same request, on any replica and after any
 * restart, falls on the same side; CRC-32 is fixed by its specification, unlike
 * {@code String.hashCode} it spreads similar ids well, and costs nothing on the start path.
 */
public final class TrafficShare {
    public static final int BUCKETS = 100;

    private TrafficShare() {
    }

    /** 0..99. */
    public static int bucket(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % BUCKETS);
    }

    /** Whether a start in this bucket runs live under this percentage: buckets below it do. */
    public static boolean isLive(int bucket, int percentage) {
        return bucket < percentage;
    }
}
