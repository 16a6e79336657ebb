package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.antientropy.ClusterSizeProvider;
import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncListener;
import dev.antientropy.SyncSettings;
import dev.antientropy.SyncState;
import dev.antientropy.SyncType;
import dev.antientropy.SyncerState;
import dev.antientropy.test.ManualSyncScheduler;

class AntiEntropyAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
        .withBean("catalog", RecordingSyncState.class, RecordingSyncState::new);

    /** Runs every syncer on one virtual clock, driven by the test thread, with no random stagger. */
    private ApplicationContextRunner inVirtualTime(ApplicationContextRunner runner) {
        return runner.withBean(ManualSyncScheduler.class, ManualSyncScheduler::new)
            .withUserConfiguration(ManualTimeConfiguration.class);
    }

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
    void defaultsAreConsuls() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            SyncSettings settings = context.getBean(StateSyncer.class).settings();
            assertThat(settings).isEqualTo(new SyncSettings("catalog", Duration.ofMinutes(1), Duration.ofSeconds(3),
                    Duration.ofSeconds(15), 128, null, Duration.ZERO, 1.0, Duration.ofMinutes(5)));
        });
    }

    static Stream<Arguments> sharedOverrides() {
        return Stream.of(
                override("antientropy.interval=90s", SyncSettings::interval, Duration.ofSeconds(90)),
                override("antientropy.server-up-interval=7s", SyncSettings::serverUpInterval, Duration.ofSeconds(7)),
                override("antientropy.retry-fail-interval=20s", SyncSettings::retryFailInterval,
                        Duration.ofSeconds(20)),
                override("antientropy.scale-threshold=64", SyncSettings::scaleThreshold, 64),
                override("antientropy.sync-timeout=5s", SyncSettings::syncTimeout, Duration.ofSeconds(5)),
                override("antientropy.startup-stagger=10s", SyncSettings::startupStagger, Duration.ofSeconds(10)),
                override("antientropy.retry-backoff.multiplier=2.5", SyncSettings::retryBackoffMultiplier, 2.5),
                override("antientropy.retry-backoff.max-interval=10m", SyncSettings::retryBackoffMaxInterval,
                        Duration.ofMinutes(10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedOverrides")
    void sharedPropertyReachesTheSyncer(String property, Function<SyncSettings, Object> setting, Object expected) {
        contextRunner.withPropertyValues(property).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(setting.apply(context.getBean(StateSyncer.class).settings())).isEqualTo(expected);
        });
    }

    @Test
    void unsetMaxRetryIntervalFollowsALongerRetryInterval() {
        contextRunner.withPropertyValues("antientropy.retry-fail-interval=10m").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(StateSyncer.class).settings().retryBackoffMaxInterval())
                .isEqualTo(Duration.ofMinutes(10));
        });
    }

    @Test
    void healthThresholdIsSharedUnlessOverridden() {
        withTwoStates().withPropertyValues("antientropy.health.max-consecutive-failures=3",
                "antientropy.syncers.members.health.max-consecutive-failures=5").run((context) -> {
                    assertThat(context).hasNotFailed();
                    AntiEntropyProperties properties = context.getBean(AntiEntropyProperties.class);
                    assertThat(properties.maxConsecutiveFailures("catalog")).isEqualTo(3);
                    assertThat(properties.maxConsecutiveFailures("members")).isEqualTo(5);
                });
    }

    @Test
    void lifecyclePhaseIsConfigurable() {
        contextRunner.withPropertyValues("antientropy.lifecycle.phase=42").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(StateSyncers.class).getPhase()).isEqualTo(42);
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            antientropy.interval=0s                               | 'interval' must be positive
            antientropy.interval=-1s                              | 'interval' must be positive
            antientropy.server-up-interval=0s                     | 'server-up-interval' must be positive
            antientropy.retry-fail-interval=0s                    | 'retry-fail-interval' must be positive
            antientropy.scale-threshold=0                         | 'scale-threshold' must be at least 1
            antientropy.cluster-size=0                            | 'cluster-size' must be at least 1
            antientropy.sync-timeout=0s                           | 'sync-timeout' must be positive
            antientropy.startup-stagger=-1s                       | 'startup-stagger' must not be negative
            antientropy.retry-backoff.multiplier=0.5              | 'retry-backoff.multiplier' must be at least 1 (1 keeps a fixed retry pace)
            antientropy.retry-backoff.max-interval=0s             | 'retry-backoff.max-interval' must be positive
            antientropy.health.max-consecutive-failures=-1        | 'health.max-consecutive-failures' must not be negative (0 turns the check off)
            antientropy.syncers.catalog.interval=0s               | 'interval' must be positive
            antientropy.syncers.catalog.server-up-interval=-3s    | 'server-up-interval' must be positive
            antientropy.syncers.catalog.retry-fail-interval=0s    | 'retry-fail-interval' must be positive
            antientropy.syncers.catalog.scale-threshold=0         | 'scale-threshold' must be at least 1
            antientropy.syncers.catalog.sync-timeout=0s           | 'sync-timeout' must be positive
            antientropy.syncers.catalog.startup-stagger=-1s       | 'startup-stagger' must not be negative
            antientropy.syncers.catalog.retry-backoff.multiplier=0.9 | 'retry-backoff.multiplier' must be at least 1 (1 keeps a fixed retry pace)
            antientropy.syncers.catalog.retry-backoff.max-interval=0s | 'retry-backoff.max-interval' must be positive
            antientropy.syncers.catalog.health.max-consecutive-failures=-2 | 'health.max-consecutive-failures' must not be negative (0 turns the check off)
            """)
    void invalidValueStopsStartUpNamingThePropertyAndTheRule(String property, String rule) {
        String key = property.substring(0, property.indexOf('='));
        String value = property.substring(property.indexOf('=') + 1);
        RecordingSyncState state = new RecordingSyncState();
        withCatalog(state).withPropertyValues(property)
            .run((context) -> {
                assertThat(context).hasFailed();
                BindException failure = cause(context.getStartupFailure(), BindException.class);
                assertThat(failure.getProperty()).isNotNull();
                assertThat(failure.getProperty().getName()).hasToString(key);
                assertThat(failure.getProperty().getValue()).hasToString(value);
                assertThat(failure).rootCause().isInstanceOf(IllegalArgumentException.class).hasMessage(rule);
            });
        assertThat(state.calls()).isEmpty();
    }

    @Test
    void sharedMaxRetryIntervalBelowTheRetryIntervalStopsStartUpNamingBoth() {
        contextRunner.withPropertyValues("antientropy.retry-fail-interval=30s",
                "antientropy.retry-backoff.max-interval=20s").run((context) -> {
                    assertThat(context).hasFailed();
                    assertThat(context).getFailure()
                        .rootCause()
                        .isInstanceOf(InvalidSyncersException.class)
                                .hasMessage("Invalid anti-entropy configuration: 'antientropy.retry-backoff.max-interval' "
                                + "(20s) must not be below 'antientropy.retry-fail-interval' (30s)");
                });
    }

    @Test
    void perSyncerMaxRetryIntervalBelowTheSharedRetryIntervalStopsStartUpNamingBoth() {
        contextRunner.withPropertyValues("antientropy.syncers.catalog.retry-backoff.max-interval=10s")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context).getFailure()
                    .rootCause()
                    .hasMessage("Invalid anti-entropy configuration: "
                            + "'antientropy.syncers.catalog.retry-backoff.max-interval' (10s) must not be below "
                            + "'antientropy.retry-fail-interval' (15s)");
            });
    }

    @Test
    void unknownSyncerNameStopsStartUpNamingIt() {
        RecordingSyncState state = new RecordingSyncState();
        withCatalog(state).withPropertyValues("antientropy.syncers.catalgo.interval=2m")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context).getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidSyncersException.class)
                    .hasMessage("Invalid anti-entropy configuration: antientropy.syncers.catalgo: there is no "
                            + "SyncState bean named 'catalgo' (SyncState beans: [catalog])");
            });
        assertThat(state.calls()).isEmpty();
    }

    @Test
    void disabledMakesNothing() {
        contextRunner.withPropertyValues("antientropy.enabled=false").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(StateSyncers.class).doesNotHaveBean(StateSyncer.class);
        });
    }

    @Test
    void noSyncStateBeanMakesNothing() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(StateSyncers.class)
                    .doesNotHaveBean(StateSyncer.class)
                    .doesNotHaveBean(AntiEntropyProperties.class);
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
    void perSyncerOverridesApplyToThatSyncerOnly() {
        withTwoStates().withPropertyValues("antientropy.interval=2m", "antientropy.syncers.members.interval=5m",
                "antientropy.syncers.members.retry-backoff.multiplier=2")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                StateSyncers syncers = context.getBean(StateSyncers.class);
                assertThat(syncers.get("catalog").settings().interval()).isEqualTo(Duration.ofMinutes(2));
                assertThat(syncers.get("catalog").settings().retryBackoffMultiplier()).isEqualTo(1.0);
                assertThat(syncers.get("members").settings().interval()).isEqualTo(Duration.ofMinutes(5));
                assertThat(syncers.get("members").settings().retryBackoffMultiplier()).isEqualTo(2.0);
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
        contextRunner.withBean("catalogStateSyncer", StateSyncer.class,
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
        contextRunner.withBean("mySyncer", StateSyncer.class,
                () -> StateSyncer.builder(new RecordingSyncState()).name("catalog").build())
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context).getFailure()
                    .hasMessageContaining("StateSyncer beans 'catalogStateSyncer' and 'mySyncer' are both named "
                            + "'catalog'; to replace the syncer of SyncState bean 'catalog', name yours "
                            + "'catalogStateSyncer'");
            });
    }

    @Test
    void clusterSizeComesFromThePropertyWithoutAProvider() {
        inVirtualTime(contextRunner).withPropertyValues("antientropy.cluster-size=1000").run((context) -> {
            assertThat(context).hasNotFailed();
            context.getBean(ManualSyncScheduler.class).runDue();
            assertThat(context.getBean(StateSyncer.class).status().clusterSize()).isEqualTo(1000);
            assertThat(context.getBean(StateSyncer.class).status().scaleFactor()).isEqualTo(4);
        });
    }

    @Test
    void clusterSizeProviderBeanWinsOverTheProperty() {
        inVirtualTime(contextRunner).withPropertyValues("antientropy.cluster-size=1000")
            .withBean(ClusterSizeProvider.class, () -> () -> 200)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                context.getBean(ManualSyncScheduler.class).runDue();
                assertThat(context.getBean(StateSyncer.class).status().clusterSize()).isEqualTo(200);
                assertThat(context.getBean(StateSyncer.class).status().scaleFactor()).isEqualTo(2);
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

    @Test
    void contextStartsSyncersAndStopStartPausesAndResumesThem() {
        inVirtualTime(contextRunner).run((context) -> {
            assertThat(context).hasNotFailed();
            RecordingSyncState state = context.getBean("catalog", RecordingSyncState.class);
            ManualSyncScheduler scheduler = context.getBean(ManualSyncScheduler.class);
            StateSyncers syncers = context.getBean(StateSyncers.class);
            StateSyncer syncer = syncers.get("catalog");
            assertThat(syncers.isRunning()).isTrue();
            scheduler.runDue();
            assertThat(state.calls()).containsExactly("full");

            context.stop();
            assertThat(syncers.isRunning()).isFalse();
            assertThat(syncer.isPaused()).isTrue();
            syncer.triggerSyncChanges();
            scheduler.runDue();
            assertThat(state.calls()).containsExactly("full");

            context.start();
            assertThat(syncers.isRunning()).isTrue();
            assertThat(syncer.isPaused()).isFalse();
            scheduler.runDue();
            assertThat(state.calls()).containsExactly("full", "changes");
        });
    }

    @Test
    void startKeepsAPauseThatTheLifecycleDidNotAdd() {
        inVirtualTime(contextRunner).run((context) -> {
            assertThat(context).hasNotFailed();
            StateSyncer syncer = context.getBean(StateSyncer.class);
            syncer.pause();
            context.stop();
            context.start();
            assertThat(syncer.status().pauseDepth()).isEqualTo(1);
        });
    }

    @Test
    void closingTheContextClosesTheSyncers() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            RecordingSyncState state = context.getBean("catalog", RecordingSyncState.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> state.calls().contains("full"));
            StateSyncer syncer = context.getBean(StateSyncer.class);
            StateSyncers syncers = context.getBean(StateSyncers.class);
            context.close();
            assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
            assertThat(syncers.isRunning()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> !state.lastThread().isAlive());
        });
    }

    @Test
    void lifecycleStopReturnsAtOnceAndReportsBackWhenTheSyncInFlightEnds() {
        CountDownLatch syncing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SyncState slow = new SyncState() {
            @Override
            public void syncFull() throws InterruptedException {
                syncing.countDown();
                release.await();
            }

            @Override
            public void syncChanges() {
            }
        };
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
            .withBean("slow", SyncState.class, () -> slow)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(syncing.await(10, TimeUnit.SECONDS)).isTrue();
                StateSyncers syncers = context.getBean(StateSyncers.class);
                CountDownLatch stopped = new CountDownLatch(1);
                syncers.stop(stopped::countDown);
                assertThat(syncers.isRunning()).isFalse();
                assertThat(syncers.get("slow").isPaused()).isTrue();
                assertThat(stopped.getCount()).isEqualTo(1);
                release.countDown();
                assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(syncers.get("slow").status().inFlight()).isNull();
            });
    }

    @Test
    void closeInterruptsASyncStillRunningAfterTheShutdownTimeout() {
        CountDownLatch syncing = new CountDownLatch(1);
        List<String> ends = new CopyOnWriteArrayList<>();
        SyncState stuck = new SyncState() {
            @Override
            public void syncFull() {
                syncing.countDown();
                try {
                    new CountDownLatch(1).await();
                }
                catch (InterruptedException ex) {
                    ends.add("interrupted");
                }
            }

            @Override
            public void syncChanges() {
            }
        };
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class,
                    AntiEntropyAutoConfiguration.class))
            .withBean("stuck", SyncState.class, () -> stuck)
            .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=100ms")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(syncing.await(10, TimeUnit.SECONDS)).isTrue();
                StateSyncer syncer = context.getBean(StateSyncer.class);
                context.close();
                assertThat(ends).containsExactly("interrupted");
                assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
                assertThat(syncer.status().lastFullSync().error()).contains("interrupted");
            });
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21) // virtual threads exist from Java 21 on
    void virtualThreadsPropertyRunsSyncersOnVirtualThreads() {
        contextRunner.withPropertyValues("spring.threads.virtual.enabled=true")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                RecordingSyncState state = context.getBean("catalog", RecordingSyncState.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> state.calls().contains("full"));
                assertThat(isVirtual(state.lastThread())).isTrue();
                assertThat(state.lastThread().getName()).isEqualTo("antientropy-catalog");
            });
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20) // below Java 21 the property cannot apply: no virtual threads
    void virtualThreadsPropertyIsIgnoredBeforeJava21() {
        contextRunner.withPropertyValues("spring.threads.virtual.enabled=true")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                RecordingSyncState state = context.getBean("catalog", RecordingSyncState.class);
                assertThat(context).doesNotHaveBean(AntiEntropyAutoConfiguration.VirtualThreadsCustomizer.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> state.calls().contains("full"));
                assertThat(state.lastThread().getName()).isEqualTo("antientropy-catalog");
            });
    }

    @Test
    void platformThreadsByDefault() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            RecordingSyncState state = context.getBean("catalog", RecordingSyncState.class);
            assertThat(context).doesNotHaveBean(AntiEntropyAutoConfiguration.VirtualThreadsCustomizer.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> state.calls().contains("full"));
            assertThat(isVirtual(state.lastThread())).isFalse();
        });
    }

    /** For tests that must see the state even when the context fails to start. */
    private static ApplicationContextRunner withCatalog(RecordingSyncState state) {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
            .withBean("catalog", RecordingSyncState.class, () -> state);
    }

    private ApplicationContextRunner withTwoStates() {
        return contextRunner.withBean("members", RecordingSyncState.class, RecordingSyncState::new);
    }

    private static Arguments override(String property, Function<SyncSettings, @Nullable Object> setting,
            Object expected) {
        return Arguments.of(property, setting, expected);
    }

    private static <T extends Throwable> T cause(@Nullable Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
    }

    /** {@code Thread.isVirtual()} is Java 21 API; the tests compile for Java 17. */
    private static boolean isVirtual(Thread thread) throws Exception {
        if (Runtime.version().feature() < 21) {
            return false;
        }
        Method isVirtual = Thread.class.getMethod("isVirtual");
        return (boolean) isVirtual.invoke(thread);
    }

    @Configuration(proxyBeanMethods = false)
    static class ManualTimeConfiguration {

        @Bean
        @Order(Integer.MIN_VALUE)
        StateSyncerBuilderCustomizer manualTime(ManualSyncScheduler scheduler) {
            return (name, builder) -> builder.scheduler(scheduler).stagger(Stagger.none());
        }
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

    record CatalogClient(StateSyncer catalog) {
    }

    @Configuration(proxyBeanMethods = false)
    static class CatalogClientConfiguration {

        @Bean
        CatalogClient catalogClient(@Qualifier("catalog") StateSyncer catalog) {
            return new CatalogClient(catalog);
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
