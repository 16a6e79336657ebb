package dev.antientropy.autoconfigure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The Spring glue stands on the core's API only (STYLE.md §1): the arrows point one way, core ← autoconfigure,
 * and nothing outside the core touches {@code dev.antientropy.internal}.
 */
class ArchitectureTests {

    private static final JavaClasses GLUE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.antientropy.autoconfigure", "dev.antientropy.actuate", "dev.antientropy.micrometer");

    @Test
    void theGlueUsesNoInternalOfTheCore() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.antientropy.internal..").check(GLUE);
    }

    @Test
    void endpointHealthAndMetricsDoNotDependOnTheAutoConfiguration() {
        noClasses().that().resideInAnyPackage("dev.antientropy.actuate..", "dev.antientropy.micrometer..")
                .should().dependOnClassesThat().resideInAPackage("dev.antientropy.autoconfigure..").check(GLUE);
    }

    @Test
    void metricsAndActuatorStayApart() {
        noClasses().that().resideInAPackage("dev.antientropy.micrometer..").should().dependOnClassesThat()
                .resideInAPackage("dev.antientropy.actuate..").check(GLUE);
    }
}
