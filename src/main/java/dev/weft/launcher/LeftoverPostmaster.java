package dev.weft.launcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * What a killed engine leaves in the embedded PostgreSQL's data directory: a {@code postmaster.pid}
 * naming either a postmaster that outlived it (an orphan still serving the directory) or a process
 * that is gone, a zombie, or by now some unrelated program that reuses the pid. PostgreSQL refuses to
 * start in every one of these cases but the first clean one, so before a start this stops the orphan
 * with a fast shutdown and removes a stale file. It signals nothing but a postgres process whose
 * working directory is this data directory, and only when no live engine holds the directory.
 */
final class LeftoverPostmaster {
    private static final Logger LOG = Logger.getLogger(LeftoverPostmaster.class);
    /** The lock file zonky's EmbeddedPostgres holds for as long as it runs a postmaster on a directory. */
    static final String OWNER_LOCK = "epg-lock";
    private static final String PID_FILE = "postmaster.pid";
    /** postmaster.pid's third line is the start time; process start times are read with a coarser clock. */
    private static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(5);

    private final Path dataDir;
    private final Duration stopTimeout;

    LeftoverPostmaster(Path dataDir, Duration stopTimeout) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.stopTimeout = stopTimeout;
    }

    /** Leaves the directory so that a new postmaster can start in it, or says why it cannot. */
    void clear() {
        Path pidFile = dataDir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        requireNoLiveOwner();
        Optional<Recorded> recorded = read(pidFile);
        Optional<ProcessHandle> orphan = recorded.flatMap(this::postmasterServingThisDirectory);
        if (orphan.isPresent()) {
            stop(orphan.get());
        } else {
            LOG.infof("PostgreSQL: removing the stale %s (pid %s is not a PostgreSQL serving %s)", pidFile,
                    recorded.map(r -> String.valueOf(r.pid())).orElse("unreadable"), dataDir);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the stale " + pidFile, e);
        }
    }

    /** An engine that is alive holds the owner lock; its postmaster is not an orphan and must be left alone. */
    private void requireNoLiveOwner() {
        Path lockFile = dataDir.resolve(OWNER_LOCK);
        try (RandomAccessFile file = new RandomAccessFile(lockFile.toFile(), "rw");
             FileLock lock = file.getChannel().tryLock()) {
            if (lock == null) {
                throw inUse();
            }
        } catch (OverlappingFileLockException e) {
            throw inUse();
        } catch (IOException e) {
            throw new UncheckedIOException("could not check whether " + dataDir + " is in use", e);
        }
    }

    private IllegalStateException inUse() {
        return new IllegalStateException("the embedded PostgreSQL data directory " + dataDir
                + " is in use by another running engine: stop it, or give this one its own WEFT_DATA_DIR");
    }

    private void stop(ProcessHandle postmaster) {
        LOG.infof("PostgreSQL: an orphaned postmaster (pid %d) of an earlier engine still serves %s; "
                + "stopping it (fast shutdown)", postmaster.pid(), dataDir);
        signalFastShutdown(postmaster.pid());
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        while (postmasterServingThisDirectory(postmaster).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the orphaned PostgreSQL (pid " + postmaster.pid() + ") serving "
                        + dataDir + " did not stop within " + stopTimeout.toSeconds() + " s; stop it and start again");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        LOG.infof("PostgreSQL: the orphaned postmaster (pid %d) stopped", postmaster.pid());
    }

    /** SIGINT is PostgreSQL's fast shutdown: sessions are ended, the checkpoint written, the pid file removed. */
    private static void signalFastShutdown(long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                LOG.warnf("PostgreSQL: kill -INT %d did not succeed: %s", pid,
                        new String(kill.getInputStream().readAllBytes()).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not signal PostgreSQL (pid " + pid + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling PostgreSQL (pid " + pid + ")", e);
        }
    }

    private Optional<ProcessHandle> postmasterServingThisDirectory(Recorded recorded) {
        return ProcessHandle.of(recorded.pid())
                .filter(p -> recorded.startedAt().map(at -> startedAround(p, at)).orElse(true))
                .flatMap(this::postmasterServingThisDirectory);
    }

    /**
     * A zombie, a process of another program, or a postgres serving another directory do not count.
     * On Linux the working directory settles it (a postmaster runs in its data directory); elsewhere
     * the command name and the start time recorded in the pid file must match.
     */
    private Optional<ProcessHandle> postmasterServingThisDirectory(ProcessHandle p) {
        if (!p.isAlive() || isZombie(p.pid())) {
            return Optional.empty();
        }
        boolean postgres = p.info().command().map(c -> Path.of(c).getFileName().toString().equals("postgres"))
                .orElse(false);
        if (!postgres) {
            return Optional.empty();
        }
        Optional<Path> cwd = workingDirectory(p.pid());
        return cwd.isEmpty() || cwd.get().equals(realDataDir()) ? Optional.of(p) : Optional.empty();
    }

    private static boolean startedAround(ProcessHandle p, Instant recorded) {
        return p.info().startInstant()
                .map(started -> Duration.between(started, recorded).abs().compareTo(START_TIME_TOLERANCE) <= 0)
                .orElse(true);
    }

    private static boolean isZombie(long pid) {
        Path stat = Path.of("/proc", String.valueOf(pid), "stat");
        try {
            String s = Files.readString(stat);
            // The state follows the command name in parentheses, which may itself contain spaces.
            char state = s.charAt(s.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<Path> workingDirectory(long pid) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "cwd")));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    private Path realDataDir() {
        try {
            return dataDir.toRealPath();
        } catch (IOException e) {
            return dataDir;
        }
    }

    /** The pid and start time from postmaster.pid; empty when the file is unreadable or truncated. */
    private static Optional<Recorded> read(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            Optional<Instant> startedAt = lines.size() > 2 && !lines.get(2).isBlank()
                    ? Optional.of(Instant.ofEpochSecond(Long.parseLong(lines.get(2).trim())))
                    : Optional.empty();
            return pid > 0 ? Optional.of(new Recorded(pid, startedAt)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private record Recorded(long pid, Optional<Instant> startedAt) {
    }
}
