package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;
import dev.antientropy.test.ManualSyncScheduler;
import dev.antientropy.testing.AheadOfTime;

/**
 * The starter works under AOT ({@code process-aot}, then {@code -Dspring.aot.enabled=true}): the context is
 * processed ahead of time, the generated code compiled, and a fresh context started from it alone, as Spring
 * Boot's own auto-configuration tests do ({@link AheadOfTime}).
 */
class AheadOfTimeProcessingTests {

    private static ApplicationContextInitializer<GenericApplicationContext> initializer;

    private GenericApplicationContext context;

    @BeforeAll
    static void processAheadOfTime(@TempDir Path workDir) {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
            .withUserConfiguration(VirtualTimeConfiguration.class, InventoryConfiguration.class,
                    CustomSyncerConfiguration.class)
            .prepare((prepared) -> initializer = AheadOfTime
                .process((GenericApplicationContext) prepared.getSourceApplicationContext(), workDir));
    }

    @BeforeEach
    void startFromTheGeneratedCode() {
        context = AheadOfTime.freshContext(initializer);
        context.refresh();
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void syncStateThatInjectsItsOwnSyncerStartsAndSyncs() {
        StateSyncers syncers = context.getBean(StateSyncers.class);
        Inventory inventory = context.getBean(Inventory.class);
        assertThat(inventory.syncer).isSameAs(syncers.get("inventory"));
        ManualSyncScheduler scheduler = context.getBean(ManualSyncScheduler.class);
        scheduler.runDue();
        inventory.syncer.triggerSyncChanges();
        scheduler.runDue();
        assertThat(inventory.calls).containsExactly("full", "changes");
    }

    @Test
    void syncerBeanKeepsItsSettingsUnderAot() {
        BeanDefinition definition = context.getBeanFactory().getMergedBeanDefinition("inventoryStateSyncer");
        // No container close() on top of the registry's bounded one.
        assertThat(((AbstractBeanDefinition) definition).getDestroyMethodNames()).containsExactly("");
        assertThat(definition.getAttribute(StateSyncerRegistrar.STATE_ATTRIBUTE)).isEqualTo("inventory");
    }

    @Test
    void userSyncerStillTakesPrecedenceUnderAot() {
        StateSyncers syncers = context.getBean(StateSyncers.class);
        assertThat(syncers.names()).containsExactly("inventory", "mine");
        assertThat(syncers.get("mine")).isSameAs(context.getBean("custom"));
        assertThat(context.getBean("customStateStateSyncer")).isSameAs(context.getBean("custom"));
    }

    @Configuration(proxyBeanMethods = false)
    static class VirtualTimeConfiguration {

        @Bean
        ManualSyncScheduler manualSyncScheduler() {
            return new ManualSyncScheduler();
        }

        @Bean
        Stagger stagger() {
            return Stagger.none();
        }
    }

    static class Inventory implements SyncState {

        final StateSyncer syncer;

        final List<String> calls = new CopyOnWriteArrayList<>();

        Inventory(StateSyncer syncer) {
            this.syncer = syncer;
        }

        @Override
        public void syncFull() {
            calls.add("full");
        }

        @Override
        public void syncChanges() {
            calls.add("changes");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class InventoryConfiguration {

        @Bean
        Inventory inventory(@Qualifier("inventory") StateSyncer syncer) {
            return new Inventory(syncer);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomSyncerConfiguration {

        @Bean
        RecordingSyncState customState() {
            return new RecordingSyncState();
        }

        @Bean
        StateSyncer custom(RecordingSyncState customState, ManualSyncScheduler scheduler) {
            return StateSyncer.builder(customState).name("mine").scheduler(scheduler).build();
        }
    }
}
