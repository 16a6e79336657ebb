package dev.antientropy.autoconfigure;

import static dev.antientropy.autoconfigure.ManualTime.inVirtualTime;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.antientropy.ClusterSizeProvider;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncSettings;
import dev.antientropy.SyncState;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * The {@code antientropy.*} properties: defaults, shared values and per-syncer overrides reaching each syncer,
 * the cluster size, and a bad value stopping start-up with the property and the rule named.
 */
class SyncerPropertiesTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
        .withBean("catalog", RecordingSyncState.class, RecordingSyncState::new);

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
}
