package dev.weft.fault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Class-data-sharing archives of the packaged jar, one per mode: a JVM that maps the classes a
 * previous run of the same mode loaded starts about twice as fast, which is what lets the suite
 * restart an engine twenty times within its time budget. The suite makes them at its start with
 * one training run per mode ({@code -XX:ArchiveClassesAtExit}, written on a clean exit); a JVM that
 * finds an archive unusable (e.g. a rebuilt jar) starts without it, just slower.
 */
final class ClassArchives {
    private ClassArchives() {
    }

    static Path dir() {
        return FaultRig.outputRoot().resolve("cds");
    }

    static Path archive(String mode) {
        return dir().resolve(mode + ".jsa");
    }

    /** Flags for a normal run of {@code mode}: the archive if the training run wrote one. */
    static List<String> use(String mode) {
        Path archive = archive(mode);
        return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
    }

    /** Flags for the training run of {@code mode}, which must end with a clean exit (SIGTERM). */
    static List<String> train(String mode) {
        return List.of("-XX:ArchiveClassesAtExit=" + archive(mode));
    }
}
