package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.antientropy.micrometer.AntiEntropyMeters;
import dev.antientropy.micrometer.SyncMeterObservationHandler;
import dev.antientropy.micrometer.SyncMeters;

class AntiEntropyMetricsAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class,
                AntiEntropyMetricsAutoConfiguration.class, AntiEntropyObservationAutoConfiguration.class))
        .withBean("catalog", RecordingSyncState.class, RecordingSyncState::new);

    @Test
    void meterRegistryMakesTheMetersTheHandlerAndTheListener() {
        contextRunner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(SyncMeters.class)
                .hasSingleBean(SyncMeterObservationHandler.class)
                .hasSingleBean(ObservingSyncListenerCustomizer.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find(AntiEntropyMeters.SYNC).tag("syncer", "catalog").timers()).hasSize(4);
            assertThat(registry.find(AntiEntropyMeters.TRIGGERS).tag("syncer", "catalog").counters()).hasSize(4);
            assertThat(registry.find(AntiEntropyMeters.PAUSED).tag("syncer", "catalog").gauge()).isNotNull();
            assertThat(registry.find(AntiEntropyMeters.FULL_SYNC_AGE).tag("syncer", "catalog").timeGauge())
                .isNotNull();
        });
    }

    @Test
    void withoutAMeterRegistryBeanMakesNothing() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(SyncMeters.class)
                .doesNotHaveBean(SyncMeterObservationHandler.class)
                .doesNotHaveBean(ObservingSyncListenerCustomizer.class);
        });
    }

    @Test
    void withoutMicrometerMakesNothingAndTheSyncersStillRun() {
        contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
            .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).hasSingleBean(StateSyncers.class).doesNotHaveBean(SyncMeters.class);
            });
    }

    @Test
    void withoutSyncersMakesNothing() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class,
                    AntiEntropyMetricsAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(SyncMeters.class);
            });
    }

    @Test
    void metersOfTheApplicationsOwnWin() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SyncMeters own = new SyncMeters(registry);
        contextRunner.withBean(SimpleMeterRegistry.class, () -> registry)
            .withBean("myMeters", SyncMeters.class, () -> own)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).getBean(SyncMeters.class).isSameAs(own);
            });
    }

    @Test
    void withBothRegistriesOneCustomizerServesBoth() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class,
                    AntiEntropyMetricsAutoConfiguration.class, AntiEntropyObservationAutoConfiguration.class))
            .withBean("catalog", RecordingSyncState.class, RecordingSyncState::new)
            .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(ObservationRegistry.class, ObservationRegistry::create)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).hasSingleBean(ObservingSyncListenerCustomizer.class)
                    .hasSingleBean(SyncMeters.class);
            });
    }
}
