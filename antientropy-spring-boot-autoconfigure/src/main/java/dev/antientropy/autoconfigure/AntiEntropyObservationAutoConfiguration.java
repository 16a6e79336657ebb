package dev.antientropy.autoconfigure;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

import dev.antientropy.micrometer.ObservingSyncListener;
import dev.antientropy.micrometer.SyncMeters;
import dev.antientropy.micrometer.SyncObservationConvention;

/**
 * Auto-configuration of the one {@link ObservingSyncListener} of every syncer: one {@code Observation} per sync
 * and, with the {@link SyncMeters} of {@link AntiEntropyMetricsAutoConfiguration}, the syncer's timers and
 * counters. The only place that declares its customizer. It applies when there is an {@link ObservationRegistry}
 * bean (a tracer, say), or {@code SyncMeters} (a {@code MeterRegistry} bean), or both; without an
 * {@code ObservationRegistry} bean the listener records the timer itself.
 */
@AutoConfiguration(after = { AntiEntropyAutoConfiguration.class, AntiEntropyMetricsAutoConfiguration.class },
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(StateSyncers.class)
@Conditional(AntiEntropyObservationAutoConfiguration.ObservationsOrMeters.class)
public final class AntiEntropyObservationAutoConfiguration {

    @Bean
    ObservingSyncListenerCustomizer antiEntropyObservingSyncListenerCustomizer(
            ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<SyncObservationConvention> convention, ObjectProvider<SyncMeters> meters) {
        return new ObservingSyncListenerCustomizer(() -> observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP),
                convention.getIfAvailable(), meters.getIfAvailable());
    }

    /** An {@code ObservationRegistry} bean or a {@code SyncMeters} bean: something to report a sync to. */
    static final class ObservationsOrMeters extends AnyNestedCondition {

        ObservationsOrMeters() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(ObservationRegistry.class)
        static final class Observations {
        }

        @ConditionalOnBean(type = "dev.antientropy.micrometer.SyncMeters")
        static final class Meters {
        }
    }
}
