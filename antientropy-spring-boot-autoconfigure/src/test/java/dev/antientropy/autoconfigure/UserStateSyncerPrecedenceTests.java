package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * A {@link StateSyncer} bean of the application's own takes precedence for the {@code SyncState} it wraps,
 * whatever its bean name: the starter starts no syncer of its own for that state, so one state never has two
 * syncers, and the registry (hence the endpoint, meters and health) lists the application's syncer under its own
 * name.
 */
class UserStateSyncerPrecedenceTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
        .withBean(ManualSyncScheduler.class, ManualSyncScheduler::new)
        .withBean(Stagger.class, Stagger::none);

    @Test
    void userSyncerUnderAnUnrelatedNameIsTheOnlySyncerOfItsState() {
        contextRunner.withUserConfiguration(CustomSyncerConfiguration.class).run((context) -> {
            assertThat(context).hasNotFailed();
            RecordingSyncState state = context.getBean("customState", RecordingSyncState.class);
            StateSyncer custom = context.getBean("custom", StateSyncer.class);
            StateSyncers syncers = context.getBean(StateSyncers.class);
            assertThat(syncers.asMap()).containsOnlyKeys("mine").containsEntry("mine", custom);
            // The bean the starter registered for the state stands for the application's syncer.
            assertThat(context.getBean("customStateStateSyncer")).isSameAs(custom);

            context.getBean(ManualSyncScheduler.class).runDue();
            assertThat(state.calls()).containsExactly("full");
        });
    }

    @Test
    void qualifierOfTheStateInjectsTheUserSyncer() {
        contextRunner.withUserConfiguration(CustomSyncerConfiguration.class, QualifiedClientConfiguration.class)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(QualifiedClient.class).syncer()).isSameAs(context.getBean("custom"));
            });
    }

    @Test
    void userSyncerNamedAfterTheStateReplacesTheStartersBean() {
        contextRunner.withUserConfiguration(NamedAfterTheStateConfiguration.class).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(StateSyncer.class);
            StateSyncer own = context.getBean("customStateStateSyncer", StateSyncer.class);
            assertThat(context.getBean(StateSyncers.class).asMap()).containsOnlyKeys("customState")
                .containsEntry("customState", own);
            context.getBean(ManualSyncScheduler.class).runDue();
            assertThat(context.getBean("customState", RecordingSyncState.class).calls()).containsExactly("full");
        });
    }

    @Test
    void onlyTheStateWithAUserSyncerLosesTheStartersSyncer() {
        contextRunner.withUserConfiguration(CustomSyncerConfiguration.class)
            .withBean("catalog", RecordingSyncState.class, RecordingSyncState::new)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                StateSyncers syncers = context.getBean(StateSyncers.class);
                assertThat(syncers.names()).containsExactly("catalog", "mine");
                assertThat(syncers.get("mine")).isSameAs(context.getBean("custom"));
                assertThat(syncers.get("catalog")).isSameAs(context.getBean("catalogStateSyncer"));

                context.getBean(ManualSyncScheduler.class).runDue();
                assertThat(context.getBean("customState", RecordingSyncState.class).calls()).containsExactly("full");
                assertThat(context.getBean("catalog", RecordingSyncState.class).calls()).containsExactly("full");
            });
    }

    @Test
    void userSyncerOfAStateThatIsNoBeanLeavesTheStartersSyncersAlone() {
        contextRunner.withBean("catalog", RecordingSyncState.class, RecordingSyncState::new)
            .withUserConfiguration(StateOutsideTheContextConfiguration.class)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(StateSyncers.class).names()).containsExactly("catalog", "side");
            });
    }

    @Test
    void userStateSyncerBeanNamedAfterTheStateWinsAndIsManaged() {
        ManualSyncScheduler scheduler = new ManualSyncScheduler();
        RecordingSyncState state = new RecordingSyncState();
        withCatalog(state).withBean("catalogStateSyncer", StateSyncer.class,
                    () -> StateSyncer.builder(state).name("catalog").interval(Duration.ofMinutes(7))
                        .scheduler(scheduler).build())
            .withUserConfiguration(CatalogClientConfiguration.class)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                StateSyncer own = context.getBean("catalogStateSyncer", StateSyncer.class);
                assertThat(context).hasSingleBean(StateSyncer.class);
                assertThat(context.getBean(StateSyncers.class).get("catalog")).isSameAs(own);
                assertThat(context.getBean(CatalogClient.class).catalog()).isSameAs(own);
                scheduler.runDue();
                assertThat(state.calls()).containsExactly("full");
            });
    }

    @Test
    void userStateSyncerReplacingAStateUnderAnotherNameStopsStartUp() {
        withCatalog(new RecordingSyncState()).withBean("catalogStateSyncer", StateSyncer.class,
                () -> StateSyncer.builder(new RecordingSyncState()).build())
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context).getFailure()
                    .hasMessageContaining("StateSyncer bean 'catalogStateSyncer' replaces the syncer of SyncState "
                            + "bean 'catalog' but is named 'default'");
            });
    }

    @Test
    void userStateSyncerClashingWithTheNameOfAStateStopsStartUp() {
        withCatalog(new RecordingSyncState()).withBean("mySyncer", StateSyncer.class,
                () -> StateSyncer.builder(new RecordingSyncState()).name("catalog").build())
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context).getFailure()
                    .hasMessageContaining("StateSyncer beans 'catalogStateSyncer' and 'mySyncer' are both named "
                            + "'catalog'; to replace the syncer of SyncState bean 'catalog', name yours "
                            + "'catalogStateSyncer'");
            });
    }

    record CatalogClient(StateSyncer catalog) {
    }

    @Configuration(proxyBeanMethods = false)
    static class CatalogClientConfiguration {

        @Bean
        CatalogClient catalogClient(@Qualifier("catalog") StateSyncer catalog) {
            return new CatalogClient(catalog);
        }
    }

    /** For tests that must see the state even when the context fails to start. */
    private static ApplicationContextRunner withCatalog(RecordingSyncState state) {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
            .withBean("catalog", RecordingSyncState.class, () -> state);
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomSyncerConfiguration {

        @Bean
        RecordingSyncState customState() {
            return new RecordingSyncState();
        }

        @Bean
        StateSyncer custom(RecordingSyncState customState, ManualSyncScheduler scheduler) {
            return StateSyncer.builder(customState).name("mine").scheduler(scheduler).stagger(Stagger.none()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NamedAfterTheStateConfiguration {

        @Bean
        RecordingSyncState customState() {
            return new RecordingSyncState();
        }

        @Bean
        StateSyncer customStateStateSyncer(RecordingSyncState customState, ManualSyncScheduler scheduler) {
            return StateSyncer.builder(customState).name("customState").scheduler(scheduler).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class StateOutsideTheContextConfiguration {

        @Bean
        StateSyncer side(ManualSyncScheduler scheduler) {
            return StateSyncer.builder(new RecordingSyncState()).name("side").scheduler(scheduler).build();
        }
    }

    record QualifiedClient(StateSyncer syncer) {
    }

    @Configuration(proxyBeanMethods = false)
    static class QualifiedClientConfiguration {

        @Bean
        QualifiedClient qualifiedClient(@Qualifier("customState") StateSyncer syncer) {
            return new QualifiedClient(syncer);
        }
    }
}
