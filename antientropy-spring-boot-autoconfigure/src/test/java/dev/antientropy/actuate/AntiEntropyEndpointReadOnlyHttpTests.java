package dev.antientropy.actuate;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.antientropy.test.ManualSyncScheduler;

/** The endpoint exposed over HTTP with its default access, read only: reads work, writes are refused. */
@SpringBootTest(classes = VirtualTimeApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "management.endpoints.web.exposure.include=antientropy")
class AntiEntropyEndpointReadOnlyHttpTests {

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

    @Test
    void readsWork() {
        assertThat(http.get(PATH).status()).isEqualTo(200);
        Response one = http.get(PATH + "/catalog");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("state").asString()).isEqualTo("PARTIAL_SYNC");
        assertThat(http.get(PATH + "/nope").status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "sync-full", "sync-changes", "pause", "resume" })
    void writeIs405AndTheSyncerIsUntouched(String action) {
        int fullSyncs = remote.fullSyncs();
        int partialSyncs = remote.partialSyncs();

        Response response = http.post(PATH + "/catalog", "{\"action\": \"" + action + "\"}");
        scheduler.runDue();

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.body()).doesNotContain("Exception", "java.");
        assertThat(catalog.status().pauseDepth()).isZero();
        assertThat(remote.fullSyncs()).isEqualTo(fullSyncs);
        assertThat(remote.partialSyncs()).isEqualTo(partialSyncs);
    }
}
