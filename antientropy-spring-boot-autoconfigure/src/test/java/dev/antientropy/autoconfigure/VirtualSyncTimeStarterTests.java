package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncerState;
import dev.antientropy.test.ManualSyncScheduler;
import dev.antientropy.test.VirtualSyncTime;
import dev.antientropy.testing.ScriptedSyncState;

/**
 * The test kit's {@link VirtualSyncTime} on a whole auto-configured application: every syncer the starter makes
 * runs on the one {@link ManualSyncScheduler} the test injects, at the lower end of each window, also where the
 * syncers would run on virtual threads otherwise.
 */
@SpringBootTest(properties = { "antientropy.interval=30s", "antientropy.retry-fail-interval=10s",
        "antientropy.startup-stagger=5s", "spring.threads.virtual.enabled=true" })
@VirtualSyncTime
class VirtualSyncTimeStarterTests {

    @Autowired
    ManualSyncScheduler scheduler;

    @Autowired
    ScriptedSyncState catalog;

    @Autowired
    ScriptedSyncState inventory;

    @Autowired
    @Qualifier("catalog")
    StateSyncer catalogSyncer;

    @Autowired
    ApplicationContext context;

    @Test
    void everySyncerOfTheStarterRunsWhenTheTestMovesTheClock() {
        assertThat(context.getBean(StateSyncers.class).names()).containsExactly("catalog", "inventory");
        assertThat(context.getBeansOfType(StateSyncerBuilderCustomizer.class).values())
            .as("no virtual-thread customizer: the syncers have a scheduler")
            .noneMatch(AntiEntropyAutoConfiguration.VirtualThreadsCustomizer.class::isInstance);
        assertThat(catalog.fullSyncs()).isZero();

        scheduler.runDue(); // the start-up stagger (5s here) at its lower end: at once
        assertThat(catalog.fullSyncs()).isOne();
        assertThat(inventory.fullSyncs()).isOne();

        catalogSyncer.triggerSyncChanges();
        scheduler.runDue();
        assertThat(catalog.partialSyncs()).isOne();
        assertThat(inventory.partialSyncs()).isZero();

        scheduler.advance(Duration.ofSeconds(30).minusNanos(1));
        assertThat(catalog.fullSyncs()).isOne();
        scheduler.advance(Duration.ofNanos(1)); // the periodic full sync, exactly one interval later
        assertThat(catalog.fullSyncs()).isEqualTo(2);
        assertThat(inventory.fullSyncs()).isEqualTo(2);

        catalog.failWith(new IllegalStateException("remote down"));
        catalogSyncer.triggerSyncFull();
        scheduler.runDue(); // a requested full sync at once; it fails
        assertThat(catalogSyncer.status().state()).isEqualTo(SyncerState.RETRY_FULL_SYNC);
        catalog.succeed();
        scheduler.advance(Duration.ofSeconds(10)); // the retry, exactly one retry interval later
        assertThat(catalog.fullSyncs()).isEqualTo(4);
        assertThat(catalogSyncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Application {

        @Bean
        ScriptedSyncState catalog() {
            return new ScriptedSyncState();
        }

        @Bean
        ScriptedSyncState inventory() {
            return new ScriptedSyncState();
        }
    }
}
