package dev.antientropy.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The shape of the test kit: it stands on the core's API only, and on Spring only in its Spring part, so that a
 * plain-Java user of {@link ManualSyncScheduler} needs no Spring on the class path. The Spring part is whatever
 * class of the kit refers to Spring; the rules keep the rest of the kit from leaning on it.
 */
class ArchitectureTests {

    private static final JavaClasses KIT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.antientropy.test");

    /** A class of the kit that refers to Spring directly: the Spring part. */
    private static final DescribedPredicate<JavaClass> SPRING_PART = DescribedPredicate.describe(
            "the kit's Spring part (classes that refer to Spring)",
            c -> c.getDirectDependenciesFromSelf().stream()
                    .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("org.springframework")));

    @Test
    void theKitIsNotEmpty() {
        // Guards the rules below against passing on nothing (a wrong package or import option).
        assertContains(KIT, ManualSyncScheduler.class);
    }

    @Test
    void theKitUsesTheCoresApiOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.antientropy.internal..",
                "dev.antientropy.autoconfigure..", "dev.antientropy.actuate..", "dev.antientropy.micrometer..",
                "dev.antientropy.discovery..").check(KIT);
    }

    @Test
    void thePlainPartDoesNotLeanOnTheSpringPart() {
        noClasses().that(DescribedPredicate.not(SPRING_PART)).should().dependOnClassesThat(SPRING_PART).check(KIT);
    }

    @Test
    void manualSyncSchedulerNeedsNothingButTheJdkTheCoreAndJSpecify() {
        classes().that().haveSimpleName("ManualSyncScheduler").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "dev.antientropy..", "org.jspecify..").check(KIT);
    }

    private static void assertContains(JavaClasses classes, Class<?> type) {
        if (!classes.contain(type)) {
            throw new AssertionError("the import holds no " + type.getName() + ": the rules would check nothing");
        }
    }
}
