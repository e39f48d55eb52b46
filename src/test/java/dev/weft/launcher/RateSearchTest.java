package dev.weft.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** `weft bench --find-rate` reports the highest rate that kept routing p99 under the target. */
class RateSearchTest {
    final RateSearch search = new RateSearch(20, 0.9, 0.1, 12);

    /** A system whose p99 jumps past 20 ms above {@code knee} tasks/s and that completes up to {@code capacity}. */
    static RateSearch.Trial system(double rate, double knee, double capacity) {
        double p99 = rate <= knee ? 5 : 50;
        return new RateSearch.Trial(rate, Math.min(rate, capacity), 1, 3, p99);
    }

    @Test
    void findsTheKneeOfTheLatencyWithinThePrecision() {
        var result = search.search(300, 20_000, rate -> system(rate, 1700, 100_000));

        assertThat(result.best().offered()).isBetween(1700 * 0.9, 1700.0);
        assertThat(result.trials()).extracting(RateSearch.Trial::offered).startsWith(300.0, 600.0, 1200.0, 2400.0);
    }

    @Test
    void aRateWhoseCompletionsFallBehindIsNotSustainedEvenWithLowLatency() {
        var result = search.search(300, 20_000, rate -> system(rate, 100_000, 1000));

        assertThat(result.best().offered()).isBetween(1000.0, 1000 / 0.9);
    }

    @Test
    void stopsAtTheCeilingWhenEveryRatePasses() {
        var result = search.search(300, 1000, rate -> system(rate, 100_000, 100_000));

        assertThat(result.best().offered()).isEqualTo(1000.0);
        assertThat(result.trials()).extracting(RateSearch.Trial::offered).containsExactly(300.0, 600.0, 1000.0);
    }

    @Test
    void searchesBelowTheStartWhenItFails() {
        var result = search.search(300, 20_000, rate -> system(rate, 100, 100_000));

        assertThat(result.best().offered()).isBetween(90.0, 100.0);
    }

    @Test
    void saysSoWhenNoRatePasses() {
        var result = new RateSearch(20, 0.9, 0.1, 4).search(300, 20_000, rate -> system(rate, 0, 100_000));

        assertThat(result.best()).isNull();
        assertThat(result.trials()).hasSize(4);
    }
}
