package dev.antientropy.autoconfigure;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.antientropy.Stagger;
import dev.antientropy.test.ManualSyncScheduler;

/** Runs every syncer of a test context on one virtual clock, driven by the test thread, with no random stagger. */
final class ManualTime {

    private ManualTime() {
    }

    /**
     * Adds a {@link ManualSyncScheduler} bean and a customizer, first of all, that puts every syncer on it.
     *
     * @param runner the runner to extend
     * @return the runner in virtual time
     */
    static ApplicationContextRunner inVirtualTime(ApplicationContextRunner runner) {
        return runner.withBean(ManualSyncScheduler.class, ManualSyncScheduler::new)
            .withUserConfiguration(ManualTimeConfiguration.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class ManualTimeConfiguration {

        @Bean
        @Order(Integer.MIN_VALUE)
        StateSyncerBuilderCustomizer manualTime(ManualSyncScheduler scheduler) {
            return (name, builder) -> builder.scheduler(scheduler).stagger(Stagger.none());
        }
    }
}
