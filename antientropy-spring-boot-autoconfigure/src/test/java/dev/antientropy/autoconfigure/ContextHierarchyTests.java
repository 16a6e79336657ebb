package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import dev.antientropy.Stagger;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * A context syncs the {@code SyncState} beans it defines: each state has one syncer however many child contexts
 * run the starter. States of an ancestor that no context syncs are reported at start-up, not ignored silently.
 */
@ExtendWith(OutputCaptureExtension.class)
class ContextHierarchyTests {

    private final ApplicationContextRunner child = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
        .withBean(ManualSyncScheduler.class, ManualSyncScheduler::new)
        .withBean(Stagger.class, Stagger::none);

    @Test
    void statesOfAParentWithoutTheStarterAreReportedAsUnsynced(CapturedOutput output) {
        try (AnnotationConfigApplicationContext parent = new AnnotationConfigApplicationContext()) {
            parent.registerBean("catalog", RecordingSyncState.class, RecordingSyncState::new);
            parent.refresh();
            child.withParent(parent).run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(StateSyncers.class).names()).isEmpty();
                assertThat(output).contains("SyncState beans [catalog] are defined in an ancestor context, where "
                        + "the antientropy auto-configuration did not run, so nothing syncs them");
            });
        }
    }

    @Test
    void statesOfAParentThatRunsTheStarterAreSyncedThereOnce(CapturedOutput output) {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
            .withBean(ManualSyncScheduler.class, ManualSyncScheduler::new)
            .withBean("catalog", RecordingSyncState.class, RecordingSyncState::new)
            .run((parent) -> child.withParent(parent).run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(parent.getBean(StateSyncers.class).names()).containsExactly("catalog");
                assertThat(context.getBean(StateSyncers.class).names()).isEmpty();
                assertThat(output).doesNotContain("nothing syncs them");
            }));
    }

    @Test
    void childSyncsItsOwnStatesBesideTheParents() {
        try (AnnotationConfigApplicationContext parent = new AnnotationConfigApplicationContext()) {
            parent.registerBean("catalog", RecordingSyncState.class, RecordingSyncState::new);
            parent.refresh();
            child.withParent(parent)
                .withBean("members", RecordingSyncState.class, RecordingSyncState::new)
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(StateSyncers.class).names()).containsExactly("members");
                });
        }
    }
}
