package dev.antientropy.testing;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

import dev.antientropy.ManualSyncScheduler;
import dev.antientropy.Stagger;
import dev.antientropy.autoconfigure.StateSyncerBuilderCustomizer;

/**
 * A whole application, auto-configured from the test class path (Actuator, web MVC, Micrometer with
 * Prometheus, health), with one syncer {@code catalog} over a {@link ScriptedSyncState}, run in virtual time:
 * the test thread drives the {@link ManualSyncScheduler}, and no delay is staggered.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class VirtualTimeApplication {

    @Bean
    ScriptedSyncState catalog() {
        return new ScriptedSyncState();
    }

    @Bean
    ManualSyncScheduler manualSyncScheduler() {
        return new ManualSyncScheduler();
    }

    @Bean
    @Order(Integer.MIN_VALUE)
    StateSyncerBuilderCustomizer virtualTime(ManualSyncScheduler scheduler) {
        return (name, builder) -> builder.scheduler(scheduler).stagger(Stagger.none());
    }
}
