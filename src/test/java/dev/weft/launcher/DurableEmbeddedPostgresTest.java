package dev.weft.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL keeps what it committed and comes back after the engine was killed,
 * whatever the kill left behind in the data directory. Real PostgreSQL processes throughout.
 */
class DurableEmbeddedPostgresTest {
    @TempDir
    Path dataDir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Long> postmasters = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        // A postmaster this test caused to exist and that a failed assertion left running.
        for (long pid : postmasters) {
            ProcessHandle.of(pid).filter(p -> servesDataDir(p)).ifPresent(ProcessHandle::destroy);
        }
    }

    @Test
    void theEmbeddedDatabaseIsDurable() throws Exception {
        EmbeddedPostgres pg = start();
        assertThat(setting(pg, "fsync")).isEqualTo("on");
        assertThat(setting(pg, "synchronous_commit")).isEqualTo("on");
        assertThat(setting(pg, "full_page_writes")).isEqualTo("on");
    }

    @Test
    void aPostgresOrphanedByAKilledEngineIsStoppedCleanlyAndItsDataKept() throws Exception {
        long orphan;
        try (EmbeddedPostgresHolder engine = EmbeddedPostgresHolder.start(dataDir)) {
            orphan = remember(engine.awaitPostmasterPid());
            engine.kill();
        }
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("the orphan outlived its engine")
                .contains(true);

        EmbeddedPostgres pg = start();

        assertThat(rows(pg)).containsExactly(EmbeddedPostgresHolder.ROW);
        assertThat(ProcessHandle.of(orphan).filter(this::servesDataDir)).as("the orphan was stopped").isEmpty();
    }

    @Test
    void theStalePidFileOfAKilledPostmasterDoesNotPreventTheStart() throws Exception {
        try (EmbeddedPostgresHolder engine = EmbeddedPostgresHolder.start(dataDir)) {
            long postmaster = remember(engine.awaitPostmasterPid());
            ProcessHandle.of(postmaster).filter(this::servesDataDir).orElseThrow().destroyForcibly();
            engine.kill();
        }
        assertThat(dataDir.resolve("postmaster.pid")).exists();

        EmbeddedPostgres pg = start();

        assertThat(rows(pg)).containsExactly(EmbeddedPostgresHolder.ROW);
    }

    @Test
    void aPidFileNamingAnUnrelatedLiveProcessIsStaleAndThatProcessIsLeftAlone() throws Exception {
        EmbeddedPostgres first = DurableEmbeddedPostgres.start(dataDir, 0);
        List<String> pidFile = Files.readAllLines(dataDir.resolve("postmaster.pid"));
        first.close();
        Process unrelated = new ProcessBuilder("sleep", "120").start();
        toClose.add(() -> unrelated.destroyForcibly().waitFor(10, TimeUnit.SECONDS));
        pidFile.set(0, String.valueOf(unrelated.pid()));
        Files.write(dataDir.resolve("postmaster.pid"), pidFile);

        EmbeddedPostgres pg = start();

        assertThat(setting(pg, "fsync")).isEqualTo("on");
        assertThat(unrelated.isAlive()).as("a process that is not our postgres is never signalled").isTrue();
    }

    @Test
    void aDataDirectoryInUseByARunningEngineIsRefusedAndThatDatabaseKeepsRunning() throws Exception {
        EmbeddedPostgres running = start();

        assertThatThrownBy(() -> DurableEmbeddedPostgres.start(dataDir, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dataDir.toString())
                .hasMessageContaining("in use by another running engine");
        assertThat(setting(running, "fsync")).isEqualTo("on");
    }

    private EmbeddedPostgres start() throws Exception {
        EmbeddedPostgres pg = DurableEmbeddedPostgres.start(dataDir, 0);
        toClose.add(pg);
        return pg;
    }

    private long remember(long pid) {
        postmasters.add(pid);
        return pid;
    }

    private boolean servesDataDir(ProcessHandle p) {
        Path cwd = Path.of("/proc", String.valueOf(p.pid()), "cwd");
        try {
            return p.isAlive() && Files.readSymbolicLink(cwd).equals(dataDir.toRealPath());
        } catch (Exception e) {
            return false;
        }
    }

    private static String setting(EmbeddedPostgres pg, String name) throws SQLException {
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> rows(EmbeddedPostgres pg) throws SQLException {
        List<String> values = new ArrayList<>();
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("select v from marks")) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
