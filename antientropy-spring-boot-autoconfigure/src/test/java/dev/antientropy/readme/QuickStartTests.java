package dev.antientropy.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncOutcome;
import dev.antientropy.SyncState;
import dev.antientropy.autoconfigure.AntiEntropyAutoConfiguration;
import dev.antientropy.test.ManualSyncScheduler;
import dev.antientropy.testing.VirtualTimeConfiguration;

/**
 * The README's Quick start, run as written (its snippets are regions of this file and of {@link Registrations};
 * {@link ReadmeSnippetsTests} checks that the README shows them unchanged), in virtual time.
 */
class QuickStartTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AntiEntropyAutoConfiguration.class))
        .withUserConfiguration(VirtualTimeConfiguration.class, Remote.class);

    @Test
    void aPartialSyncPushesTheRegisteredEntry() {
        runner.withUserConfiguration(CatalogConfiguration.class, Registrations.class).run((context) -> {
            ManualSyncScheduler scheduler = context.getBean(ManualSyncScheduler.class);
            InMemoryCatalogClient remote = context.getBean(InMemoryCatalogClient.class);
            scheduler.runDue();
            assertThat(remote.fullSyncs()).isOne();

            context.getBean(Registrations.class).register(new ServiceEntry("web-1", "10.0.0.5"));
            scheduler.runDue();

            assertThat(remote.entries()).containsOnlyKeys("web-1");
            assertThat(remote.pushes()).isOne();
            assertThat(context.getBean(LocalCatalog.class).pendingChanges().isEmpty()).isTrue();
        });
    }

    @Test
    void changesStayPendingUntilThePushSucceeds() {
        runner.withUserConfiguration(CatalogConfiguration.class, Registrations.class).run((context) -> {
            ManualSyncScheduler scheduler = context.getBean(ManualSyncScheduler.class);
            InMemoryCatalogClient remote = context.getBean(InMemoryCatalogClient.class);
            LocalCatalog local = context.getBean(LocalCatalog.class);
            Registrations registrations = context.getBean(Registrations.class);
            StateSyncer syncer = context.getBean("catalogStateSyncer", StateSyncer.class);
            scheduler.runDue();

            remote.failNextPush();
            registrations.register(new ServiceEntry("web-1", "10.0.0.5"));
            scheduler.runDue();
            assertThat(syncer.status().lastPartialSync().outcome()).isEqualTo(SyncOutcome.FAILURE);
            assertThat(remote.entries()).isEmpty();
            assertThat(local.pendingChanges().entries()).extracting(ServiceEntry::id).containsExactly("web-1");

            registrations.register(new ServiceEntry("api-1", "10.0.0.6"));
            scheduler.runDue();
            assertThat(remote.entries()).containsOnlyKeys("web-1", "api-1");
            assertThat(local.pendingChanges().isEmpty()).isTrue();
        });
    }

    @Test
    void aChangeMadeWhileThePushRunsStaysPending() {
        runner.withUserConfiguration(CatalogConfiguration.class, Registrations.class).run((context) -> {
            ManualSyncScheduler scheduler = context.getBean(ManualSyncScheduler.class);
            InMemoryCatalogClient remote = context.getBean(InMemoryCatalogClient.class);
            LocalCatalog local = context.getBean(LocalCatalog.class);
            scheduler.runDue();

            remote.duringNextPush(() -> local.add(new ServiceEntry("web-1", "10.0.0.9")));
            context.getBean(Registrations.class).register(new ServiceEntry("web-1", "10.0.0.5"));
            scheduler.runDue();

            assertThat(local.pendingChanges().entries()).containsExactly(new ServiceEntry("web-1", "10.0.0.9"));
        });
    }

    @Test
    void aFailedPushIsRepairedByTheNextFullSyncToo() {
        runner.withUserConfiguration(CatalogConfiguration.class, Registrations.class).run((context) -> {
            ManualSyncScheduler scheduler = context.getBean(ManualSyncScheduler.class);
            InMemoryCatalogClient remote = context.getBean(InMemoryCatalogClient.class);
            LocalCatalog local = context.getBean(LocalCatalog.class);
            scheduler.runDue();

            remote.failNextPush();
            context.getBean(Registrations.class).register(new ServiceEntry("web-1", "10.0.0.5"));
            scheduler.runDue();
            scheduler.advance(Duration.ofMinutes(1)); // the default interval; no stagger in virtual time

            assertThat(remote.fullSyncs()).isEqualTo(2);
            assertThat(remote.entries()).containsOnlyKeys("web-1");
            assertThat(local.pendingChanges().isEmpty()).isTrue();
        });
    }

    @Test
    void theLambdaRunsAFullSyncForChanges() {
        runner.withUserConfiguration(LambdaConfiguration.class).run((context) -> {
            ManualSyncScheduler scheduler = context.getBean(ManualSyncScheduler.class);
            InMemoryCatalogClient remote = context.getBean(InMemoryCatalogClient.class);
            scheduler.runDue();
            context.getBean(LocalCatalog.class).add(new ServiceEntry("web-1", "10.0.0.5"));

            context.getBean(StateSyncer.class).triggerSyncChanges();
            scheduler.runDue();

            assertThat(remote.fullSyncs()).isEqualTo(2);
            assertThat(remote.pushes()).isZero();
            assertThat(remote.entries()).containsOnlyKeys("web-1");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Remote {

        @Bean
        InMemoryCatalogClient catalogClient() {
            return new InMemoryCatalogClient();
        }

        @Bean
        LocalCatalog localCatalog() {
            return new LocalCatalog();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CatalogConfiguration {

        // tag::quick-start-state[]
        @Bean
        SyncState catalog(CatalogClient remote, LocalCatalog local) {
            return new SyncState() {
                @Override
                public void syncFull() throws Exception {      // make the remote match the local state completely
                    Changes pending = local.pendingChanges();
                    remote.replaceAll(local.snapshot());
                    local.markPushed(pending);                 // the snapshot carried them
                }

                @Override
                public void syncChanges() throws Exception {   // push what changed since the last push
                    Changes pending = local.pendingChanges();  // read, not removed: they stay pending...
                    remote.putAll(pending);
                    local.markPushed(pending);                 // ...until the push has succeeded
                }
            };
        }
        // end::quick-start-state[]
    }

    @Configuration(proxyBeanMethods = false)
    static class LambdaConfiguration {

        // tag::quick-start-lambda[]
        @Bean
        SyncState catalog(CatalogClient remote, LocalCatalog local) {
            return () -> remote.replaceAll(local.snapshot());
        }
        // end::quick-start-lambda[]
    }
}
