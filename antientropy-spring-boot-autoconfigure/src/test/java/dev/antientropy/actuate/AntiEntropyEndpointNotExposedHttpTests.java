package dev.antientropy.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.antientropy.StateSyncer;
import dev.antientropy.testing.Http;
import dev.antientropy.testing.VirtualTimeApplication;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * The endpoint not named in {@code management.endpoints.web.exposure.include}: not on HTTP at all, even with
 * {@code access=unrestricted}.
 */
@SpringBootTest(classes = VirtualTimeApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "management.endpoint.antientropy.access=unrestricted")
class AntiEntropyEndpointNotExposedHttpTests {

    @LocalServerPort
    private int port;

    @Autowired
    private ManualSyncScheduler scheduler;

    @Autowired
    private StateSyncer catalog;

    private Http http;

    @BeforeEach
    void firstFullSyncHasRun() {
        http = new Http(port);
        scheduler.runDue();
    }

    @Test
    void everyPathIs404() {
        assertThat(http.get("/actuator/antientropy").status()).isEqualTo(404);
        assertThat(http.get("/actuator/antientropy/catalog").status()).isEqualTo(404);
        assertThat(http.post("/actuator/antientropy/catalog", "{\"action\": \"pause\"}").status()).isEqualTo(404);
        assertThat(catalog.isPaused()).isFalse();
    }

    @Test
    void actuatorDoesNotLinkIt() {
        assertThat(http.get("/actuator").json().get("_links").has("antientropy")).isFalse();
        assertThat(http.get("/actuator").json().get("_links").has("health")).isTrue();
    }
}
