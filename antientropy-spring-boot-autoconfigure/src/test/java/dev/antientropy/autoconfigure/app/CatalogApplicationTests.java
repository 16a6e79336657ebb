package dev.antientropy.autoconfigure.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncerState;
import dev.antientropy.autoconfigure.StateSyncers;

@SpringBootTest
class CatalogApplicationTests {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @Autowired
    private CatalogState catalog;

    @Autowired
    private CatalogService service;

    @Autowired
    @Qualifier("catalog")
    private StateSyncer syncer;

    @Autowired
    private StateSyncers syncers;

    @Autowired
    private ConfigurableApplicationContext context;

    @Test
    void fullSyncRunsAtStartOnTheSyncersThread() {
        await().atMost(BOUND).until(() -> catalog.calls().contains("full"));
        assertThat(catalog.calls()).startsWith("full");
        assertThat(catalog.lastThread().getName()).isEqualTo("antientropy-catalog");
        assertThat(syncers.isRunning()).isTrue();
    }

    @Test
    void changeTriggeredThroughTheInjectedSyncerReachesSyncChanges() {
        service.register("web", "10.0.0.1:8080");
        await().atMost(BOUND).until(() -> catalog.calls().contains("changes done"));
        assertThat(catalog.remote()).containsEntry("web", "10.0.0.1:8080");
    }

    @Test
    @DirtiesContext
    void stopThenStartResumesSyncing() {
        await().atMost(BOUND).until(() -> syncer.status().state() == SyncerState.PARTIAL_SYNC);
        context.stop();
        assertThat(syncers.isRunning()).isFalse();
        assertThat(syncer.isPaused()).isTrue();
        service.register("while-stopped", "10.0.0.2:8080");

        context.start();
        assertThat(syncers.isRunning()).isTrue();
        assertThat(syncer.isPaused()).isFalse();
        await().atMost(BOUND).until(() -> catalog.remote().containsKey("while-stopped"));
    }

    /** Closes a context of its own: the test framework's cached context must not be closed under it. */
    @Test
    void closeWaitsForTheSyncInFlightThenTheSyncersThreadEnds() throws Exception {
        // No web server: the test class path has web MVC (for the Actuator tests), and port 8080 may be taken.
        ConfigurableApplicationContext own = new SpringApplicationBuilder(CatalogApplication.class)
            .web(WebApplicationType.NONE)
            .run();
        CatalogState catalog = own.getBean(CatalogState.class);
        StateSyncer syncer = own.getBean("catalogStateSyncer", StateSyncer.class);
        StateSyncers syncers = own.getBean(StateSyncers.class);
        await().atMost(BOUND).until(() -> syncer.status().state() == SyncerState.PARTIAL_SYNC);
        CountDownLatch release = new CountDownLatch(1);
        catalog.holdNextChanges(release);
        own.getBean(CatalogService.class).register("slow", "10.0.0.3:8080");
        await().atMost(BOUND).until(() -> syncer.status().inFlight() != null);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(own::close);
        await().atMost(BOUND).until(() -> !syncers.isRunning());
        assertThat(closing).isNotDone();
        release.countDown();
        closing.get(BOUND.toSeconds(), TimeUnit.SECONDS);

        Thread thread = catalog.lastThread();
        thread.join(BOUND.toMillis());
        assertThat(thread.isAlive()).isFalse();
        List<String> callsAtClose = List.copyOf(catalog.calls());
        assertThat(callsAtClose).endsWith("changes", "changes done");
        assertThat(catalog.remote()).containsKey("slow");
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        assertThat(syncer.status().inFlight()).isNull();
        syncer.triggerSyncFull();
        syncer.triggerSyncChanges();
        assertThat(catalog.calls()).isEqualTo(callsAtClose);
    }
}
