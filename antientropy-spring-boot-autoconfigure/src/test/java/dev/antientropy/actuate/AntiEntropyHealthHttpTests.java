package dev.antientropy.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import dev.antientropy.StateSyncer;
import dev.antientropy.testing.Http;
import dev.antientropy.testing.Http.Response;
import dev.antientropy.testing.ScriptedSyncState;
import dev.antientropy.testing.VirtualTimeApplication;
import tools.jackson.databind.JsonNode;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * The {@code antientropy} health contributor over HTTP, with a threshold of two consecutive failed full syncs, the
 * Kubernetes probes on, and a health group {@code catalog-sync} that holds the one syncer.
 */
@SpringBootTest(classes = VirtualTimeApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "antientropy.health.max-consecutive-failures=2",
                "management.endpoint.health.show-details=always", "management.endpoint.health.probes.enabled=true",
                "management.endpoint.health.group.catalog-sync.include=antientropy/catalog",
                "management.endpoints.web.exposure.include=health,antientropy" })
class AntiEntropyHealthHttpTests {

    @LocalServerPort
    private int port;

    @Autowired
    private ManualSyncScheduler scheduler;

    @Autowired
    private ScriptedSyncState remote;

    @Autowired
    private StateSyncer catalog;

    private Http http;

    @BeforeEach
    void firstFullSyncHasRun() {
        http = new Http(port);
        scheduler.runDue();
    }

    @AfterEach
    void recover() {
        remote.succeed();
        catalog.triggerSyncFull();
        scheduler.runDue();
    }

    @Test
    void upWithDetailsWhileFullSyncsSucceed() {
        Response response = http.get("/actuator/health/antientropy");

        assertThat(response.status()).isEqualTo(200);
        JsonNode health = response.json();
        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode catalog = health.get("components").get("catalog");
        assertThat(catalog.get("status").asString()).isEqualTo("UP");
        JsonNode details = catalog.get("details");
        assertThat(details.get("state").asString()).isEqualTo("PARTIAL_SYNC");
        assertThat(details.get("paused").asBoolean()).isFalse();
        assertThat(details.get("pauseDepth").asInt()).isZero();
        assertThat(details.get("lastFullSync").get("type").asString()).isEqualTo("full");
        assertThat(details.get("lastFullSync").get("outcome").asString()).isEqualTo("success");
        assertThat(details.get("lastFullSync").has("error")).isFalse();
        assertThat(details.get("consecutiveFullSyncFailures").asInt()).isZero();
        assertThat(details.get("maxConsecutiveFailures").asInt()).isEqualTo(2);
        assertThat(details.has("inFlight")).isFalse();
        assertThat(details.has("reason")).isFalse();
    }

    @Test
    void eachSyncerHasItsOwnPathWithTheEndpointsFormats() {
        Response syncer = http.get("/actuator/health/antientropy/catalog");
        Response endpoint = http.get("/actuator/antientropy/catalog");
        Response unknown = http.get("/actuator/health/antientropy/nope");

        assertThat(syncer.status()).isEqualTo(200);
        JsonNode health = syncer.json();
        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode details = health.get("details");
        assertThat(details.get("state").asString()).isEqualTo("PARTIAL_SYNC");
        assertThat(endpoint.status()).isEqualTo(200);
        for (String field : new String[] { "state", "paused", "pauseDepth", "lastFullSync", "lastFullSyncSuccess",
                "consecutiveFullSyncFailures", "nextFullSyncDue" }) {
            assertThat(details.get(field)).as(field).isEqualTo(endpoint.json().get(field));
        }
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void aHealthGroupCanHoldOneSyncer() {
        Response group = http.get("/actuator/health/catalog-sync");

        assertThat(group.status()).isEqualTo(200);
        JsonNode components = group.json().get("components");
        assertThat(components.propertyNames()).containsExactly("antientropy");
        assertThat(components.get("antientropy").get("components").get("catalog").get("status").asString())
            .isEqualTo("UP");
    }

    @Test
    void upBelowTheThresholdEvenWithAFailingRemote() {
        remote.failWith(new IllegalStateException("remote down"));
        catalog.triggerSyncFull();
        scheduler.runDue();

        Response response = http.get("/actuator/health/antientropy");

        assertThat(response.status()).isEqualTo(200);
        JsonNode catalog = response.json().get("components").get("catalog");
        assertThat(catalog.get("status").asString()).isEqualTo("UP");
        JsonNode details = catalog.get("details");
        assertThat(details.get("consecutiveFullSyncFailures").asInt()).isEqualTo(1);
        assertThat(details.get("lastFullSync").get("outcome").asString()).isEqualTo("failure");
        assertThat(details.get("lastFullSync").get("error").asString()).isEqualTo("remote down");
    }

    @Test
    void downAtTheThresholdButLivenessStaysUp() {
        remote.failWith(new IllegalStateException("remote down"));
        catalog.triggerSyncFull();
        scheduler.runDue();
        scheduler.advance(Duration.ofSeconds(15)); // the retry fails: two in a row

        Response contributor = http.get("/actuator/health/antientropy");
        Response syncer = http.get("/actuator/health/antientropy/catalog");
        Response group = http.get("/actuator/health/catalog-sync");
        Response overall = http.get("/actuator/health");
        Response liveness = http.get("/actuator/health/liveness");

        assertThat(contributor.status()).isEqualTo(503);
        assertThat(contributor.json().get("status").asString()).isEqualTo("DOWN");
        JsonNode catalog = contributor.json().get("components").get("catalog");
        assertThat(catalog.get("status").asString()).isEqualTo("DOWN");
        assertThat(catalog.get("details").get("reason").asString())
            .isEqualTo("2 consecutive failed full syncs (max-consecutive-failures 2)");
        assertThat(syncer.status()).isEqualTo(503);
        assertThat(syncer.json().get("status").asString()).isEqualTo("DOWN");
        assertThat(group.status()).isEqualTo(503);
        assertThat(overall.status()).isEqualTo(503);
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().get("status").asString()).isEqualTo("UP");
        assertThat(contributor.body()).doesNotContain("Exception", "java.");
    }

    @Test
    @DirtiesContext
    void downWhenTheSyncerHasStoppedWhileTheApplicationRuns() {
        catalog.close();

        Response response = http.get("/actuator/health/antientropy");

        assertThat(response.status()).isEqualTo(503);
        JsonNode details = response.json().get("components").get("catalog").get("details");
        assertThat(details.get("state").asString()).isEqualTo("DONE");
        assertThat(details.get("reason").asString()).isEqualTo("stopped while the application runs");
        assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
    }
}
