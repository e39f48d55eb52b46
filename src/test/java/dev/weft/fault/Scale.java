package dev.weft.fault;

import java.time.Duration;

/**
 * How big the suite runs. In CI ({@code ./mvnw -B verify}) each scenario runs once, sized to keep
 * the whole suite within a few minutes on a 2-core box. The soak ({@code -Dweft.soak=true}, or
 * {@code WEFT_SOAK_MINUTES} set) runs every scenario in rounds with larger counts, each scenario
 * repeating until its share of {@code WEFT_SOAK_MINUTES} (default 30) is used.
 */
record Scale(boolean soak, Duration perScenario) {
    static final int SCENARIOS = 7;

    static Scale fromEnvironment() {
        String minutes = System.getenv("WEFT_SOAK_MINUTES");
        boolean soak = Boolean.getBoolean("weft.soak") || (minutes != null && !minutes.isBlank());
        long total = minutes == null || minutes.isBlank() ? 30 : Long.parseLong(minutes.trim());
        return new Scale(soak, Duration.ofMinutes(total).dividedBy(SCENARIOS));
    }

    int pick(int ci, int soakValue) {
        return soak ? soakValue : ci;
    }

    /** Whether round {@code round} (0-based) of a scenario that started at {@code startNanos} should run. */
    boolean anotherRound(int round, long startNanos) {
        return round == 0 || (soak && System.nanoTime() - startNanos < perScenario.toNanos());
    }
}
