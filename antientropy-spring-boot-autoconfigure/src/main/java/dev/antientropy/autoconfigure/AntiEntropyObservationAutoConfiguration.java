package dev.antientropy.autoconfigure;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.antientropy.micrometer.ObservingSyncListener;
import dev.antientropy.micrometer.SyncObservationConvention;

/**
 * Auto-configuration of one {@code Observation} per sync when there is an {@link ObservationRegistry} bean (a
 * tracer, say) but no {@code MeterRegistry} bean; with both, {@link AntiEntropyMetricsAutoConfiguration} does it
 * together with the meters. Either way each syncer gets one {@link ObservingSyncListener}.
 */
@AutoConfiguration(after = { AntiEntropyAutoConfiguration.class, AntiEntropyMetricsAutoConfiguration.class },
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({ StateSyncers.class, ObservationRegistry.class })
@ConditionalOnMissingBean(type = "io.micrometer.core.instrument.MeterRegistry")
public final class AntiEntropyObservationAutoConfiguration {

    @Bean
    ObservingSyncListenerCustomizer antiEntropyObservingSyncListenerCustomizer(
            ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<SyncObservationConvention> convention) {
        return new ObservingSyncListenerCustomizer(() -> observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP),
                convention.getIfAvailable(), null);
    }
}
