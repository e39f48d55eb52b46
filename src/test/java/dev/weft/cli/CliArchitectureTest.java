package dev.weft.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The client starts in a fraction of a second and needs no database or broker because it loads
 * nothing of the engine: only the generated stubs (dev.weft.api.v1), gRPC, protobuf and picocli.
 */
class CliArchitectureTest {
    private static final JavaClasses CLIENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.weft.cli");

    @Test
    void theClientDependsOnNoFrameworkAndNoPartOfTheEngine() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "io.quarkus..", "io.vertx..", "io.smallrye..", "org.hibernate..", "jakarta..",
                        "org.jboss..", "com.fasterxml..", "dev.weft.engine..", "dev.weft.definition..",
                        "dev.weft.expr..", "dev.weft.runtime..", "dev.weft.store..", "dev.weft.messaging..",
                        "dev.weft.api.grpc..", "dev.weft.launcher..", "dev.weft.agent..", "dev.weft.agents..")
                .because("the terminal client must start without booting the engine")
                .check(CLIENT);
    }
}
