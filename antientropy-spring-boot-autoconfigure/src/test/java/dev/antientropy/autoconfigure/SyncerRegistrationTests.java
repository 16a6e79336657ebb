package dev.antientropy.autoconfigure;

import static dev.antientropy.autoconfigure.ManualTime.inVirtualTime;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncListener;
import dev.antientropy.SyncState;
import dev.antientropy.SyncType;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * Which syncer beans {@link AntiEntropyAutoConfiguration} makes (one per {@code SyncState} bean, named and
 * qualified after it) and what every one of them gets: the {@code SyncListener} beans and, last, the
 * {@code StateSyncerBuilderCustomizer} beans in order.
 */
class SyncerRegistrationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
        .withBean("catalog", RecordingSyncState.class, RecordingSyncState::new);

    @Test
    void makesOneSyncerPerSyncStateBeanNamedAfterTheBean() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(StateSyncers.class).hasSingleBean(StateSyncer.class);
            StateSyncers syncers = context.getBean(StateSyncers.class);
            assertThat(syncers.names()).containsExactly("catalog");
            assertThat(context.getBean("catalogStateSyncer")).isSameAs(syncers.get("catalog"));
            assertThat(syncers.get("catalog").name()).isEqualTo("catalog");
        });
    }

    @Test
    void twoSyncStateBeansMakeTwoSyncersInjectableByQualifier() {
        withTwoStates().withUserConfiguration(QualifiedInjectionConfiguration.class).run((context) -> {
            assertThat(context).hasNotFailed();
            StateSyncers syncers = context.getBean(StateSyncers.class);
            assertThat(syncers.asMap()).containsOnlyKeys("catalog", "members");
            assertThat(context.getBeansOfType(StateSyncer.class)).containsOnlyKeys("catalogStateSyncer",
                    "membersStateSyncer");
            QualifiedClient client = context.getBean(QualifiedClient.class);
            assertThat(client.catalog()).isSameAs(syncers.get("catalog"));
            assertThat(client.members()).isSameAs(syncers.get("members"));
            assertThat(client.members().name()).isEqualTo("members");
        });
    }

    @Test
    void perSyncerDisabledMakesNoSyncerForThatState() {
        withTwoStates().withPropertyValues("antientropy.syncers.members.enabled=false").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(StateSyncers.class).names()).containsExactly("catalog");
            assertThat(context.getBeansOfType(StateSyncer.class)).containsOnlyKeys("catalogStateSyncer");
        });
    }

    @Test
    void syncStateBeanDeclaredAsTheInterfaceWorks() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
            .withUserConfiguration(AnonymousSyncStateConfiguration.class)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(StateSyncers.class).names()).containsExactly("inventory");
            });
    }

    @Test
    void syncListenerBeansHearEverySyncer() {
        inVirtualTime(withTwoStates()).withUserConfiguration(ListenerConfiguration.class).run((context) -> {
            assertThat(context).hasNotFailed();
            context.getBean(ManualSyncScheduler.class).runDue();
            assertThat(context.getBean(RecordingListener.class).events()).containsExactlyInAnyOrder(
                    "catalog started FULL", "catalog finished FULL", "members started FULL",
                    "members finished FULL");
        });
    }

    @Test
    void customizersRunInOrderForEverySyncerAndHaveTheLastWord() {
        withTwoStates().withPropertyValues("antientropy.interval=2m")
            .withUserConfiguration(OrderedCustomizersConfiguration.class)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(CallLog.class).calls()).containsExactly("first catalog",
                        "second catalog", "first members", "second members");
                assertThat(context.getBean(StateSyncers.class).get("catalog").settings().interval())
                    .isEqualTo(Duration.ofMinutes(3));
            });
    }

    private ApplicationContextRunner withTwoStates() {
        return contextRunner.withBean("members", RecordingSyncState.class, RecordingSyncState::new);
    }

    record QualifiedClient(StateSyncer catalog, StateSyncer members) {
    }

    @Configuration(proxyBeanMethods = false)
    static class QualifiedInjectionConfiguration {

        @Bean
        QualifiedClient qualifiedClient(@Qualifier("catalog") StateSyncer catalog,
                @Qualifier("members") StateSyncer members) {
            return new QualifiedClient(catalog, members);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AnonymousSyncStateConfiguration {

        @Bean
        SyncState inventory() {
            return new SyncState() {
                @Override
                public void syncFull() {
                }

                @Override
                public void syncChanges() {
                }
            };
        }
    }

    static class RecordingListener implements SyncListener {

        private final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void syncStarted(String syncer, SyncType type) {
            events.add(syncer + " started " + type);
        }

        @Override
        public void syncFinished(String syncer, SyncType type, Duration duration, @Nullable Throwable failure) {
            events.add(syncer + " finished " + type);
        }

        List<String> events() {
            return events;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfiguration {

        @Bean
        RecordingListener recordingListener() {
            return new RecordingListener();
        }
    }

    record CallLog(List<String> calls) {
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedCustomizersConfiguration {

        @Bean
        CallLog callLog() {
            return new CallLog(new CopyOnWriteArrayList<>());
        }

        @Bean
        @Order(2)
        StateSyncerBuilderCustomizer second(CallLog log) {
            return (name, builder) -> {
                log.calls().add("second " + name);
                builder.interval(Duration.ofMinutes(3));
            };
        }

        @Bean
        @Order(1)
        StateSyncerBuilderCustomizer first(CallLog log) {
            return (name, builder) -> log.calls().add("first " + name);
        }
    }
}
