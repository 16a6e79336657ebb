package dev.antientropy.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import dev.antientropy.micrometer.AntiEntropyMeters;
import dev.antientropy.micrometer.ObservingSyncListener;
import dev.antientropy.micrometer.SyncMeterObservationHandler;
import dev.antientropy.micrometer.SyncMeters;

/**
 * Auto-configuration of the syncers' Micrometer meters ({@link AntiEntropyMeters}), when there is a
 * {@link MeterRegistry} bean and syncers: the {@link SyncMeters}, the handler that times each sync from its
 * {@code Observation}, and every syncer's gauges. The listener that reports each sync to them, one
 * {@link ObservingSyncListener} per syncer, is declared in one place, {@link AntiEntropyObservationAutoConfiguration}.
 *
 * <p>The {@value AntiEntropyMeters#SYNC} timer has one source: {@link SyncMeterObservationHandler}, which Spring
 * Boot puts first in its group of meter observation handlers, so the default handler never makes a second timer
 * of that name. Without an {@link ObservationRegistry} bean (or with the observation disabled), the
 * {@link ObservingSyncListener} records the same timer itself. Every meter is registered when the syncers are
 * built and removed when the context closes.
 */
@AutoConfiguration(after = AntiEntropyAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, ObservationRegistry.class })
@ConditionalOnBean({ StateSyncers.class, MeterRegistry.class })
public final class AntiEntropyMetricsAutoConfiguration {

    // Closed with the context (inferred close()): removes every meter of the syncers from the registry.
    @Bean
    @ConditionalOnMissingBean
    SyncMeters antiEntropySyncMeters(MeterRegistry registry) {
        return new SyncMeters(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SyncMeterObservationHandler antiEntropySyncMeterObservationHandler(SyncMeters meters) {
        return new SyncMeterObservationHandler(meters);
    }

    // After every singleton exists, before the syncers start: the gauges of every syncer, also of a StateSyncer
    // bean of the application's own (which gets no listener, so its timers and counters stay at zero).
    @Bean
    static SmartInitializingSingleton antiEntropyGauges(ObjectProvider<SyncMeters> meters,
            ObjectProvider<StateSyncers> syncers) {
        return () -> syncers.getObject().asMap().values().forEach(meters.getObject()::bindGauges);
    }
}
