package dev.antientropy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/** The shape of the core: plain Java, a small API, internals that do not leak. */
class ArchitectureTests {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.antientropy");

    @Test
    void theCoreNeedsNothingButTheJdkALoggingApiAndJSpecify() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.antientropy..",
                "org.slf4j..", "org.jspecify..").check(CORE);
        noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(CORE);
    }

    @Test
    void theApiExposesNoInternalType() {
        DescribedPredicate<JavaClass> internal = DescribedPredicate.describe("internal",
                c -> c.getPackageName().startsWith("dev.antientropy.internal"));
        methods().that().arePublic().and().areDeclaredInClassesThat().resideInAPackage("dev.antientropy")
                .should(new ArchCondition<>("not mention an internal type in its signature") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        boolean leaks = internal.test(method.getRawReturnType())
                                || method.getRawParameterTypes().stream().anyMatch(internal);
                        if (leaks) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName()));
                        }
                    }
                }).check(CORE);
    }

    @Test
    void timingAndStatusDoNotKnowTheMachine() {
        noClasses().that().resideInAnyPackage("dev.antientropy.internal.timing..", "dev.antientropy.internal.status..")
                .should().dependOnClassesThat().resideInAPackage("dev.antientropy.internal.machine..").check(CORE);
    }

    @Test
    void theTimingPolicyKnowsNoMachineAndNoStatus() {
        noClasses().that().haveSimpleName("FullSyncTiming").should().dependOnClassesThat()
                .resideInAnyPackage("dev.antientropy.internal.machine..", "dev.antientropy.internal.status..")
                .check(CORE);
    }

    @Test
    void theSchedulerKnowsNoMachineAndNoPolicy() {
        noClasses().that().haveSimpleName("ThreadSyncScheduler").should().dependOnClassesThat()
                .resideInAnyPackage("dev.antientropy.internal.machine..", "dev.antientropy.internal.status..")
                .orShould().dependOnClassesThat().haveSimpleName("FullSyncTiming").check(CORE);
    }

    @Test
    void theLogKnowsNothingInternal() {
        noClasses().that().resideInAPackage("dev.antientropy.internal.log..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.antientropy.internal.machine..", "dev.antientropy.internal.timing..",
                        "dev.antientropy.internal.status..")
                .check(CORE);
    }

    @Test
    void onlyTheLogMakesALogger() {
        noClasses().that().resideOutsideOfPackage("dev.antientropy.internal.log..").should()
                .callMethod(org.slf4j.LoggerFactory.class, "getLogger", String.class)
                .orShould().callMethod(org.slf4j.LoggerFactory.class, "getLogger", Class.class).check(CORE);
    }
}
