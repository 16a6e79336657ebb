package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.antientropy.micrometer.SyncMeters;

class AntiEntropyObservationAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class,
                AntiEntropyObservationAutoConfiguration.class))
        .withBean("catalog", RecordingSyncState.class, RecordingSyncState::new);

    @Test
    void observationRegistryWithoutMeterRegistryMakesTheListener() {
        contextRunner.withBean(ObservationRegistry.class, ObservationRegistry::create).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(ObservingSyncListenerCustomizer.class).doesNotHaveBean(SyncMeters.class);
        });
    }

    @Test
    void withoutAnObservationRegistryBeanMakesNothing() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ObservingSyncListenerCustomizer.class);
        });
    }

    @Test
    void withAMeterRegistryBeanTheOneCustomizerAlsoFeedsTheMeters() {
        withMetrics().withBean(ObservationRegistry.class, ObservationRegistry::create)
            .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).hasSingleBean(ObservingSyncListenerCustomizer.class).hasSingleBean(SyncMeters.class);
            });
    }

    @Test
    void aMeterRegistryWithoutAnObservationRegistryStillMakesTheListener() {
        withMetrics().withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ObservationRegistry.class)
                .hasSingleBean(ObservingSyncListenerCustomizer.class);
        });
    }

    /** The metrics auto-configuration too, as in an application, which runs it first. */
    private ApplicationContextRunner withMetrics() {
        return contextRunner.withConfiguration(AutoConfigurations.of(AntiEntropyMetricsAutoConfiguration.class));
    }

    @Test
    void withoutMicrometerCoreStillObserves() {
        contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
            .withBean(ObservationRegistry.class, ObservationRegistry::create)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).hasSingleBean(ObservingSyncListenerCustomizer.class);
            });
    }

    @Test
    void withoutMicrometerObservationMakesNothing() {
        contextRunner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
            .withBean(ObservationRegistry.class, ObservationRegistry::create)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).hasSingleBean(StateSyncers.class)
                    .doesNotHaveBean(ObservingSyncListenerCustomizer.class);
            });
    }

    @Test
    void withoutSyncersMakesNothing() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class,
                    AntiEntropyObservationAutoConfiguration.class))
            .withBean(ObservationRegistry.class, ObservationRegistry::create)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(ObservingSyncListenerCustomizer.class);
            });
    }
}
