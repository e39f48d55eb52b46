package dev.weft.testing;

/**
 * Names of the databases tests create on the shared local PostgreSQL. Two test runs on one machine
 * (two checkouts, a helper's branch) must not drop each other's databases mid-run, so a run that
 * sets {@code WEFT_TEST_DB} (as it does to keep its Quarkus tests apart) gets its own names here too.
 */
public final class TestDatabases {
    private TestDatabases() {
    }

    /** {@code base}, suffixed with the run's WEFT_TEST_DB when that is set. */
    public static String named(String base) {
        String run = System.getenv("WEFT_TEST_DB");
        return run == null || run.isBlank() ? base : base + "_" + run.replaceAll("[^a-z0-9_]", "_");
    }
}
