package dev.antientropy.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import dev.antientropy.StateSyncer;
import dev.antientropy.autoconfigure.AntiEntropyAutoConfiguration;
import dev.antientropy.autoconfigure.AntiEntropyMetricsAutoConfiguration;
import dev.antientropy.autoconfigure.AntiEntropyObservationAutoConfiguration;
import dev.antientropy.testing.ScriptedSyncState;
import dev.antientropy.testing.VirtualTimeConfiguration;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * The meters after real syncs, in virtual time, with Spring Boot's metrics and observation auto-configuration
 * (so Boot's default meter observation handler is there too and must not make a second timer).
 */
class AntiEntropyMetricsTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class, ObservationAutoConfiguration.class,
                MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, AntiEntropyMetricsAutoConfiguration.class,
                    AntiEntropyObservationAutoConfiguration.class))
        .withPropertyValues("management.metrics.use-global-registry=false")
        .withBean("catalog", ScriptedSyncState.class, ScriptedSyncState::new)
        .withUserConfiguration(VirtualTimeConfiguration.class);

    @Test
    void everyMeterIsThereAtZeroBeforeTheFirstSync() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            for (String type : new String[] { "full", "changes" }) {
                for (String outcome : new String[] { "success", "failure" }) {
                    assertThat(timer(registry, type, outcome).count()).isZero();
                }
                for (String coalesced : new String[] { "true", "false" }) {
                    assertThat(triggers(registry, type, coalesced)).isZero();
                }
            }
            assertThat(registry.get(AntiEntropyMeters.PAUSED).tag("syncer", "catalog").gauge().value()).isZero();
            assertThat(age(registry)).isNaN();
        });
    }

    @Test
    void successfulSyncsAreTimedWithTheirTypeAndOutcome() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            ManualSyncScheduler scheduler = context.getBean(ManualSyncScheduler.class);
            StateSyncer catalog = context.getBean(StateSyncer.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);

            scheduler.runDue();
            catalog.triggerSyncChanges();
            scheduler.runDue();

            assertThat(timer(registry, "full", "success").count()).isEqualTo(1);
            assertThat(timer(registry, "changes", "success").count()).isEqualTo(1);
            assertThat(timer(registry, "full", "failure").count()).isZero();
            assertThat(timer(registry, "changes", "failure").count()).isZero();
        });
    }

    @Test
    void failedSyncsAreTimedAsFailures() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            ManualSyncScheduler scheduler = context.getBean(ManualSyncScheduler.class);
            context.getBean(ScriptedSyncState.class).failWith(new IllegalStateException("remote down"));
            MeterRegistry registry = context.getBean(MeterRegistry.class);

            scheduler.runDue();
            scheduler.advance(Duration.ofSeconds(15)); // the retry fails too

            assertThat(timer(registry, "full", "failure").count()).isEqualTo(2);
            assertThat(timer(registry, "full", "success").count()).isZero();
        });
    }

    @Test
    void syncDurationIsTheOneTheSyncerMeasured() {
        contextRunner.run((context) -> {
                assertThat(context).hasNotFailed();
                ManualSyncScheduler scheduler = context.getBean(ManualSyncScheduler.class);
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                StateSyncer catalog = context.getBean(StateSyncer.class);

                scheduler.runDue();

                Duration measured = catalog.status().lastFullSync().duration();
                assertThat(timer(registry, "full", "success").totalTime(TimeUnit.NANOSECONDS))
                    .isEqualTo(measured.toNanos());
            });
    }

    @Test
    void triggersAreCountedWithTypeAndWhetherTheyCoalesced() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            ManualSyncScheduler scheduler = context.getBean(ManualSyncScheduler.class);
            StateSyncer catalog = context.getBean(StateSyncer.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            scheduler.runDue();

            catalog.triggerSyncChanges();
            catalog.triggerSyncChanges();
            catalog.triggerSyncChanges();
            catalog.triggerSyncFull();

            assertThat(triggers(registry, "changes", "false")).isEqualTo(1);
            assertThat(triggers(registry, "changes", "true")).isEqualTo(2);
            assertThat(triggers(registry, "full", "false")).isEqualTo(1);
            assertThat(triggers(registry, "full", "true")).isZero();
        });
    }

    @Test
    void pausedGaugeIsOneWhilePaused() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            StateSyncer catalog = context.getBean(StateSyncer.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);

            catalog.pause();
            double paused = registry.get(AntiEntropyMeters.PAUSED).tag("syncer", "catalog").gauge().value();
            catalog.resume();
            double resumed = registry.get(AntiEntropyMeters.PAUSED).tag("syncer", "catalog").gauge().value();

            assertThat(paused).isEqualTo(1);
            assertThat(resumed).isZero();
        });
    }

    @Test
    void fullSyncAgeGrowsUntilTheNextSuccessfulFullSync() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            ManualSyncScheduler scheduler = context.getBean(ManualSyncScheduler.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);

            scheduler.runDue();
            double atOnce = age(registry);
            scheduler.advance(Duration.ofSeconds(30));
            double later = age(registry);
            scheduler.advance(Duration.ofSeconds(30)); // the periodic full sync runs at one minute

            assertThat(atOnce).isZero();
            assertThat(later).isEqualTo(30.0);
            assertThat(age(registry)).isZero();
        });
    }

    @Test
    void failedFullSyncsLetTheAgeGrow() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            ManualSyncScheduler scheduler = context.getBean(ManualSyncScheduler.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            scheduler.runDue();
            context.getBean(ScriptedSyncState.class).failWith(new IllegalStateException("remote down"));

            scheduler.advance(Duration.ofSeconds(60)); // the periodic full sync fails
            scheduler.advance(Duration.ofSeconds(15)); // and so does its retry

            assertThat(age(registry)).isEqualTo(75.0);
        });
    }

    @Test
    void theSyncTimerHasOneSetOfTagKeysAndNoErrorTag() {
        contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            ManualSyncScheduler scheduler = context.getBean(ManualSyncScheduler.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            scheduler.runDue();
            context.getBean(ScriptedSyncState.class).failWith(new IllegalStateException("remote down"));
            context.getBean(StateSyncer.class).triggerSyncChanges();
            scheduler.runDue();

            assertThat(registry.find(AntiEntropyMeters.SYNC).meters()).hasSize(4)
                .allSatisfy((meter) -> assertThat(tagKeys(meter)).containsExactly("outcome", "syncer", "type"));
            assertThat(registry.find(AntiEntropyMeters.SYNC).timers().stream().mapToLong(Timer::count).sum())
                .isEqualTo(2);
            assertThat(registry.getMeters()).noneMatch((meter) -> meter.getId().getName().startsWith("antientropy")
                    && meter.getId().getTag("error") != null);
        });
    }

    @Test
    void withoutAnObservationRegistryTheTimerStillRecordsEachSyncOnce() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class,
                    AntiEntropyMetricsAutoConfiguration.class,
                    AntiEntropyObservationAutoConfiguration.class))
            .withBean("catalog", ScriptedSyncState.class, ScriptedSyncState::new)
            .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
            .withUserConfiguration(VirtualTimeConfiguration.class)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                context.getBean(ManualSyncScheduler.class).runDue();

                assertThat(timer(context.getBean(MeterRegistry.class), "full", "success").count()).isEqualTo(1);
            });
    }

    @Test
    void withTheObservationDisabledTheTimerStillRecordsEachSyncOnce() {
        contextRunner.withPropertyValues("management.observations.enable.antientropy=false").run((context) -> {
            assertThat(context).hasNotFailed();
            context.getBean(ManualSyncScheduler.class).runDue();

            assertThat(timer(context.getBean(MeterRegistry.class), "full", "success").count()).isEqualTo(1);
        });
    }

    @Test
    void closingTheContextRemovesEveryMeterSoTheNextContextStartsAtZero() {
        SimpleMeterRegistry shared = new SimpleMeterRegistry();
        ApplicationContextRunner onShared = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class,
                    AntiEntropyMetricsAutoConfiguration.class,
                    AntiEntropyObservationAutoConfiguration.class))
            .withBean("catalog", ScriptedSyncState.class, ScriptedSyncState::new)
            .withBean("registry", MeterRegistry.class, () -> shared)
            .withUserConfiguration(VirtualTimeConfiguration.class);
        for (int run = 0; run < 2; run++) {
            onShared.run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(timer(shared, "full", "success").count()).isZero();
                context.getBean(ManualSyncScheduler.class).runDue();
                context.getBean(StateSyncer.class).triggerSyncChanges();
                assertThat(timer(shared, "full", "success").count()).isEqualTo(1);
                assertThat(triggers(shared, "changes", "false")).isEqualTo(1);
            });
            assertThat(shared.isClosed()).isFalse();
            assertThat(shared.getMeters()).noneMatch((meter) -> meter.getId().getName().startsWith("antientropy"));
        }
    }

    private static Set<String> tagKeys(Meter meter) {
        return meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toCollection(TreeSet::new));
    }

    static Timer timer(MeterRegistry registry, String type, String outcome) {
        return registry.get(AntiEntropyMeters.SYNC).tags("syncer", "catalog", "type", type, "outcome", outcome).timer();
    }

    static double triggers(MeterRegistry registry, String type, String coalesced) {
        return registry.get(AntiEntropyMeters.TRIGGERS)
            .tags("syncer", "catalog", "type", type, "coalesced", coalesced)
            .counter()
            .count();
    }

    static double age(MeterRegistry registry) {
        return registry.get(AntiEntropyMeters.FULL_SYNC_AGE).tag("syncer", "catalog").timeGauge().value(TimeUnit.SECONDS);
    }
}
