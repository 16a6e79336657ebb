package dev.antientropy.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.antientropy.StateSyncer;
import dev.antientropy.testing.Http;
import dev.antientropy.testing.Http.Response;
import dev.antientropy.testing.ScriptedSyncState;
import dev.antientropy.testing.VirtualTimeApplication;
import tools.jackson.databind.JsonNode;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * The endpoint over real HTTP, exposed and with {@code access=unrestricted}: every path, body and status code.
 * The syncer runs in virtual time; the test thread runs what falls due.
 */
@SpringBootTest(classes = VirtualTimeApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "management.endpoints.web.exposure.include=antientropy",
                "management.endpoint.antientropy.access=unrestricted" })
class AntiEntropyEndpointHttpTests {

    private static final String PATH = "/actuator/antientropy";

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
    void leaveTheSyncerAsFound() {
        remote.succeed();
        while (catalog.isPaused()) {
            catalog.resume();
        }
        catalog.triggerSyncFull(); // recovers from a failure test now, not after the retry interval
        scheduler.runDue();
    }

    @Test
    void getListsEverySyncerByNameWithItsStatus() {
        Response response = http.get(PATH);

        assertThat(response.status()).isEqualTo(200);
        JsonNode syncers = response.json().get("syncers");
        assertThat(syncers.propertyNames()).containsExactly("catalog");
        assertStatusOfAHealthyCatalog(syncers.get("catalog"));
    }

    @Test
    void getOneSyncerShowsItsStatusFieldByField() {
        Response response = http.get(PATH + "/catalog");

        assertThat(response.status()).isEqualTo(200);
        assertStatusOfAHealthyCatalog(response.json());
    }

    private void assertStatusOfAHealthyCatalog(JsonNode status) {
        assertThat(status.get("name").asString()).isEqualTo("catalog");
        assertThat(status.get("state").asString()).isEqualTo("PARTIAL_SYNC");
        assertThat(status.get("paused").asBoolean()).isFalse();
        assertThat(status.get("pauseDepth").asInt()).isZero();
        JsonNode full = status.get("lastFullSync");
        assertThat(full.get("type").asString()).isEqualTo("full");
        assertThat(full.get("outcome").asString()).isEqualTo("success");
        assertThat(Instant.parse(full.get("startedAt").asString())).isEqualTo(Instant.parse(full.get("finishedAt")
            .asString()).minusMillis(full.get("durationMillis").asLong()));
        assertThat(full.get("durationMillis").asLong()).isZero(); // virtual time stands still during a sync
        assertThat(full.has("error")).isFalse(); // absent parts are left out, as Actuator does
        assertThat(status.get("lastFullSyncSuccess").asString()).isEqualTo(full.get("finishedAt").asString());
        JsonNode counts = status.get("counts");
        assertThat(counts.get("fullSyncs").asLong()).isEqualTo(catalog.status().fullSyncs()).isPositive();
        assertThat(counts.get("fullSyncFailures").asLong()).isEqualTo(catalog.status().fullSyncFailures());
        assertThat(counts.get("partialSyncs").asLong()).isEqualTo(catalog.status().partialSyncs());
        assertThat(counts.get("partialSyncFailures").asLong()).isEqualTo(catalog.status().partialSyncFailures());
        assertThat(status.get("consecutiveFullSyncFailures").asInt()).isZero();
        Instant due = Instant.parse(status.get("nextFullSyncDue").asString());
        assertThat(due).isEqualTo(Instant.parse(full.get("finishedAt").asString()).plus(Duration.ofMinutes(1)));
        assertThat(status.has("inFlight")).isFalse();
        assertThat(status.has("lastPartialSync")).isEqualTo(catalog.status().lastPartialSync() != null);
        JsonNode timing = status.get("timing");
        assertThat(timing.get("intervalMillis").asLong()).isEqualTo(60_000);
        assertThat(timing.get("serverUpIntervalMillis").asLong()).isEqualTo(3_000);
        assertThat(timing.get("retryFailIntervalMillis").asLong()).isEqualTo(15_000);
        assertThat(timing.has("syncTimeoutMillis")).isFalse();
        assertThat(timing.get("startupStaggerMillis").asLong()).isZero();
        assertThat(timing.get("retryBackoffMultiplier").asDouble()).isEqualTo(1.0);
        assertThat(timing.get("retryBackoffMaxIntervalMillis").asLong()).isEqualTo(300_000);
        assertThat(timing.get("scaleThreshold").asInt()).isEqualTo(128);
        assertThat(timing.get("clusterSize").asInt()).isEqualTo(1);
        assertThat(timing.get("scaleFactor").asInt()).isEqualTo(1);
        JsonNode windows = timing.get("windows");
        assertWindow(windows.get("periodicFullSync"), 60_000, 120_000);
        assertWindow(windows.get("retryFullSync"), 15_000, 30_000);
        assertWindow(windows.get("requestedFullSync"), 0, 3_000);
        assertWindow(windows.get("startup"), 0, 0);
    }

    private static void assertWindow(JsonNode window, long from, long to) {
        assertThat(window.get("fromMillis").asLong()).isEqualTo(from);
        assertThat(window.get("toMillis").asLong()).isEqualTo(to);
    }

    @Test
    void failedFullSyncShowsOutcomeAndMessageWithoutClassNames() {
        remote.failWith(new IllegalStateException(new ConnectException("Connection refused")));
        http.post(PATH + "/catalog", "{\"action\": \"sync-full\"}");
        scheduler.runDue();

        Response response = http.get(PATH + "/catalog");

        assertThat(response.status()).isEqualTo(200);
        JsonNode status = response.json();
        assertThat(status.get("state").asString()).isEqualTo("RETRY_FULL_SYNC");
        assertThat(status.get("lastFullSync").get("outcome").asString()).isEqualTo("failure");
        assertThat(status.get("lastFullSync").get("error").asString()).isEqualTo("Connection refused");
        assertThat(status.get("consecutiveFullSyncFailures").asInt()).isEqualTo(1);
        assertThat(status.get("counts").get("fullSyncFailures").asLong()).isPositive();
        assertThat(Instant.parse(status.get("nextFullSyncDue").asString()))
            .isEqualTo(Instant.parse(status.get("lastFullSync").get("finishedAt").asString()).plusSeconds(15));
        assertThat(response.body()).doesNotContain("Exception", "java.");
    }

    @Test
    void unknownSyncerIs404WithAMessage() {
        Response response = http.get(PATH + "/nope");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("message").asString()).startsWith("no syncer named 'nope'; syncers: [");
    }

    @Test
    void syncFullRequestsAFullSyncAndAnswersTheStatus() {
        int before = remote.fullSyncs();

        Response response = http.post(PATH + "/catalog", "{\"action\": \"sync-full\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("name").asString()).isEqualTo("catalog");
        assertThat(remote.fullSyncs()).isEqualTo(before); // requested, not run: nothing runs on the caller
        scheduler.runDue();
        assertThat(remote.fullSyncs()).isEqualTo(before + 1);
    }

    @Test
    void syncChangesRequestsAPartialSync() {
        int before = remote.partialSyncs();

        Response response = http.post(PATH + "/catalog", "{\"action\": \"sync-changes\"}");

        assertThat(response.status()).isEqualTo(200);
        scheduler.runDue();
        assertThat(remote.partialSyncs()).isEqualTo(before + 1);
        assertThat(http.get(PATH + "/catalog").json().get("lastPartialSync").get("outcome").asString())
            .isEqualTo("success");
    }

    @Test
    void pauseAndResumeAnswerTheNewPauseDepth() {
        Response paused = http.post(PATH + "/catalog", "{\"action\": \"pause\"}");
        Response twice = http.post(PATH + "/catalog", "{\"action\": \"pause\"}");
        Response resumed = http.post(PATH + "/catalog", "{\"action\": \"resume\"}");

        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.json().get("paused").asBoolean()).isTrue();
        assertThat(paused.json().get("pauseDepth").asInt()).isEqualTo(1);
        assertThat(twice.json().get("pauseDepth").asInt()).isEqualTo(2);
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.json().get("paused").asBoolean()).isTrue();
        assertThat(resumed.json().get("pauseDepth").asInt()).isEqualTo(1);
        assertThat(catalog.status().pauseDepth()).isEqualTo(1);
    }

    @Test
    void resumeWhenNotPausedIs409AndChangesNothing() {
        Response response = http.post(PATH + "/catalog", "{\"action\": \"resume\"}");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("message").asString())
            .isEqualTo("syncer 'catalog' is not paused; nothing changed");
        assertThat(catalog.status().pauseDepth()).isZero();
        assertThat(catalog.isPaused()).isFalse();
    }

    @Test
    void unknownActionIs400WithTheExpectedActions() {
        Response response = http.post(PATH + "/catalog", "{\"action\": \"explode\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("message").asString())
            .isEqualTo("unknown action 'explode': expected one of sync-full, sync-changes, pause, resume");
    }

    @ParameterizedTest(name = "body [{0}]")
    @ValueSource(strings = { "{}", "{\"action\": null}", "{\"action\": \"\"}", "{\"other\": \"pause\"}" })
    void missingActionIs400WithAReason(String body) {
        Response response = http.post(PATH + "/catalog", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("message").asString()).startsWith("missing action");
        assertThat(catalog.status().pauseDepth()).isZero();
    }

    @ParameterizedTest(name = "body [{0}]")
    @ValueSource(strings = { "", "{", "not json", "[\"pause\"]", "\"pause\"", "{\"action\": \"pause\"" })
    void malformedOrEmptyBodyIs400NeverA5xx(String body) {
        Response response = http.post(PATH + "/catalog", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("Exception", "java.", "at dev.");
        assertThat(catalog.status().pauseDepth()).isZero();
    }

    @Test
    void actionOnUnknownSyncerIs404() {
        Response response = http.post(PATH + "/nope", "{\"action\": \"pause\"}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("message").asString()).startsWith("no syncer named 'nope'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "PUT", "DELETE", "PATCH" })
    void otherMethodsAre405(String method) {
        Response response = http.method(method, PATH + "/catalog", "{\"action\": \"pause\"}");

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.body()).doesNotContain("Exception", "java.");
        assertThat(catalog.status().pauseDepth()).isZero();
    }

    @Test
    void postToTheRootIs405() {
        assertThat(http.post(PATH, "{\"action\": \"pause\"}").status()).isEqualTo(405);
        assertThat(catalog.isPaused()).isFalse();
    }
}
