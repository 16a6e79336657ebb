package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncState;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * A syncer refers to its {@code SyncState} bean by name and looks it up when it first syncs, so a state can
 * inject its own syncer to trigger it, and a {@code @Lazy} state is not made at start-up.
 */
class SyncStateWiringTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
        .withBean(ManualSyncScheduler.class, ManualSyncScheduler::new)
        .withBean(Stagger.class, Stagger::none);

    @Test
    void stateInjectingItsOwnSyncerThroughItsConstructorTriggersIt() {
        contextRunner.withBean("inventory", ConstructorInjectedState.class).run((context) -> {
            assertThat(context).hasNotFailed();
            ConstructorInjectedState inventory = context.getBean(ConstructorInjectedState.class);
            assertThat(inventory.syncer).isSameAs(context.getBean(StateSyncers.class).get("inventory"));
            ManualSyncScheduler scheduler = context.getBean(ManualSyncScheduler.class);
            scheduler.runDue();
            inventory.changed();
            scheduler.runDue();
            assertThat(inventory.calls).containsExactly("full", "changes");
        });
    }

    @Test
    void stateInjectingItsOwnSyncerIntoAFieldTriggersIt() {
        contextRunner.withBean("inventory", FieldInjectedState.class).run((context) -> {
            assertThat(context).hasNotFailed();
            FieldInjectedState inventory = context.getBean(FieldInjectedState.class);
            assertThat(inventory.syncer).isSameAs(context.getBean("inventoryStateSyncer"));
            ManualSyncScheduler scheduler = context.getBean(ManualSyncScheduler.class);
            scheduler.runDue();
            inventory.syncer.triggerSyncChanges();
            scheduler.runDue();
            assertThat(inventory.calls).containsExactly("full", "changes");
        });
    }

    @Test
    void lazyStateIsMadeWhenFirstSyncedNotAtStartUp() {
        contextRunner.withUserConfiguration(LazyStateConfiguration.class).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(StateSyncers.class).names()).containsExactly("lazyState");
            assertThat(context.getBeanFactory().containsSingleton("lazyState")).isFalse();

            context.getBean(ManualSyncScheduler.class).runDue();
            assertThat(context.getBeanFactory().containsSingleton("lazyState")).isTrue();
            assertThat(context.getBean("lazyState", RecordingSyncState.class).calls()).containsExactly("full");
        });
    }

    @Test
    void syncerStateIsAReferenceToTheBeanByName() {
        contextRunner.withBean("catalog", RecordingSyncState.class, RecordingSyncState::new).run((context) -> {
            assertThat(context).hasNotFailed();
            SyncState state = context.getBean(StateSyncer.class).state();
            assertThat(state).isInstanceOf(SyncStateReference.class).hasToString("SyncState bean 'catalog'");
            assertThat(((SyncStateReference) state).target()).isSameAs(context.getBean("catalog"));
        });
    }

    static class ConstructorInjectedState implements SyncState {

        final StateSyncer syncer;

        final List<String> calls = new CopyOnWriteArrayList<>();

        ConstructorInjectedState(@Qualifier("inventory") StateSyncer syncer) {
            this.syncer = syncer;
        }

        void changed() {
            syncer.triggerSyncChanges();
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

    static class FieldInjectedState implements SyncState {

        @Autowired
        @Qualifier("inventory")
        StateSyncer syncer;

        final List<String> calls = new CopyOnWriteArrayList<>();

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
    static class LazyStateConfiguration {

        @Bean
        @Lazy
        RecordingSyncState lazyState() {
            return new RecordingSyncState();
        }
    }
}
