package dev.weft.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The core (engine, definitions, expressions) is plain Java: no framework, no I/O layer, and the
 * engine decides from its inputs alone, so it can be tested in microseconds and a history
 * replays to the same state. Plain JUnit tests over one import of the production classes.
 */
class ArchitectureTest {
    static final String[] CORE = {"dev.weft.engine..", "dev.weft.definition..", "dev.weft.expr.."};
    static final String[] OUTSIDE_THE_CORE = {
            "io.quarkus..", "io.vertx..", "io.smallrye.mutiny..", "org.hibernate..", "io.grpc..",
            "jakarta.persistence..", "jakarta.enterprise..",
            "dev.weft.api..", "dev.weft.store..", "dev.weft.runtime..", "dev.weft.messaging.."};

    /** Only the core is imported: the rules are about its outgoing dependencies, and less is faster. */
    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.weft.engine", "dev.weft.definition", "dev.weft.expr");

    static ArchRule frameworkFree(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().resideInAnyPackage(OUTSIDE_THE_CORE)
                .because("the core must run and be tested without Quarkus, a database or a broker");
    }

    static ArchRule deterministic(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().callMethod(Instant.class, "now")
                .orShould().callMethod(Instant.class, "now", Clock.class)
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(UUID.class, "randomUUID")
                .orShould().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .orShould().callMethod(ThreadLocalRandom.class, "current")
                .orShould().callMethod(Math.class, "random")
                // By name: with missing dependencies unresolved (archunit.properties) the JDK
                // classes are stubs without a hierarchy, so assignableTo(Random) would miss SecureRandom.
                .orShould().callConstructorWhere(target(owner(simpleNameEndingWith("Random"))))
                .orShould().callMethodWhere(target(owner(name("java.util.random.RandomGenerator"))))
                .because("decide() gets the time as `now` and must not draw on chance: replaying a history "
                        + "has to rebuild the very same state");
    }

    @Test
    void theCoreDependsOnNoFrameworkAndNoOuterLayer() {
        frameworkFree(CORE).check(PRODUCTION);
    }

    @Test
    void theEngineReadsNoClockAndNoRandomness() {
        deterministic("dev.weft.engine..").check(PRODUCTION);
    }

    // The rules must be able to fail: each is checked against a class that breaks it.

    static final class ReadsTheClock {
        long stamp() {
            return Instant.now().toEpochMilli() + new Random().nextInt() + new java.security.SecureRandom().nextInt()
                    + RandomGenerator.getDefault().nextInt();
        }
    }

    static final class UsesTheRuntime {
        Object runtime(dev.weft.runtime.ExecutionRuntime runtime) {
            return runtime;
        }
    }

    @Test
    void theRulesCatchViolations() {
        JavaClasses offenders = new ClassFileImporter().importClasses(ReadsTheClock.class, UsesTheRuntime.class);

        assertThatThrownBy(() -> deterministic("dev.weft.architecture..").check(offenders))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Instant.now()").hasMessageContaining("Random.<init>()")
                .hasMessageContaining("SecureRandom.<init>()").hasMessageContaining("RandomGenerator.getDefault()");
        assertThatThrownBy(() -> frameworkFree("dev.weft.architecture..").check(offenders))
                .isInstanceOf(AssertionError.class).hasMessageContaining("dev.weft.runtime.ExecutionRuntime");
    }
}
