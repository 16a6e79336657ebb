package dev.antientropy.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.antientropy.StateSyncer;
import dev.antientropy.testing.Http;
import dev.antientropy.testing.ScriptedSyncState;
import dev.antientropy.testing.VirtualTimeApplication;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * The whole application with the Prometheus registry, Boot's observation auto-configuration and its default
 * meter observation handler: the scrape shows every series, and the registry accepted every meter (one set of
 * tag keys per name).
 */
@SpringBootTest(classes = VirtualTimeApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "management.endpoints.web.exposure.include=prometheus",
                "management.metrics.use-global-registry=false" })
class PrometheusScrapeTests {

    @LocalServerPort
    private int port;

    @Autowired
    private ManualSyncScheduler scheduler;

    @Autowired
    private ScriptedSyncState remote;

    @Autowired
    private StateSyncer catalog;

    @Test
    void scrapeShowsEverySeriesOfTheSyncer() {
        scheduler.runDue();
        catalog.triggerSyncChanges();
        catalog.triggerSyncChanges();
        scheduler.runDue();
        remote.failWith(new IllegalStateException("remote down"));
        catalog.triggerSyncFull();
        scheduler.runDue();
        remote.succeed();
        catalog.pause();
        scheduler.advance(Duration.ofSeconds(12));

        Http.Response scrape = new Http(port).get("/actuator/prometheus");
        catalog.resume();

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body().lines()).contains(
                "antientropy_sync_seconds_count{outcome=\"success\",syncer=\"catalog\",type=\"full\"} 1",
                "antientropy_sync_seconds_count{outcome=\"failure\",syncer=\"catalog\",type=\"full\"} 1",
                "antientropy_sync_seconds_count{outcome=\"success\",syncer=\"catalog\",type=\"changes\"} 1",
                "antientropy_sync_seconds_count{outcome=\"failure\",syncer=\"catalog\",type=\"changes\"} 0",
                "antientropy_triggers_total{coalesced=\"false\",syncer=\"catalog\",type=\"changes\"} 1.0",
                "antientropy_triggers_total{coalesced=\"true\",syncer=\"catalog\",type=\"changes\"} 1.0",
                "antientropy_triggers_total{coalesced=\"false\",syncer=\"catalog\",type=\"full\"} 1.0",
                "antientropy_paused{syncer=\"catalog\"} 1.0",
                "antientropy_full_sync_age_seconds{syncer=\"catalog\"} 12.0",
                "antientropy_full_sync_window_seconds{syncer=\"catalog\"} 120.0",
                "antientropy_full_sync_consecutive_failures{syncer=\"catalog\"} 1.0",
                "antientropy_scale_factor{syncer=\"catalog\"} 1.0");
        assertThat(scrape.body().lines().filter((line) -> line.startsWith("antientropy_")))
            .noneMatch((line) -> line.contains("error="));
    }
}
