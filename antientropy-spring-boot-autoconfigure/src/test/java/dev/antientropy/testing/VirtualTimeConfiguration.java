package dev.antientropy.testing;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.antientropy.Stagger;
import dev.antientropy.autoconfigure.StateSyncerBuilderCustomizer;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * Runs every syncer on one {@link ManualSyncScheduler} driven by the test thread, with no random stagger, and
 * gives Micrometer the same virtual clock, so that ages move with it.
 */
@Configuration(proxyBeanMethods = false)
public class VirtualTimeConfiguration {

    @Bean
    ManualSyncScheduler manualSyncScheduler() {
        return new ManualSyncScheduler();
    }

    @Bean
    @Order(Integer.MIN_VALUE)
    StateSyncerBuilderCustomizer virtualTime(ManualSyncScheduler scheduler) {
        return (name, builder) -> builder.scheduler(scheduler).stagger(Stagger.none());
    }

    @Bean
    Clock micrometerClock(ManualSyncScheduler scheduler) {
        return new Clock() {

            @Override
            public long wallTime() {
                return scheduler.now().toEpochMilli();
            }

            @Override
            public long monotonicTime() {
                return TimeUnit.NANOSECONDS.toNanos(scheduler.nanoTime());
            }
        };
    }
}
