package dev.antientropy.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.antientropy.StateSyncer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running sample over HTTP on a random port, against a real database: what a user of the walkthrough does,
 * checked. The timing is shortened so every wait is short and bounded: no periodic full sync during a run (the
 * interval is an hour), a requested full sync within 100 ms, a failed one retried after 200 ms. Each run uses a
 * node id of its own, so it never meets rows of another run on a shared database.
 *
 * <p>Subclasses choose the database: {@link H2NodeEndToEndTests} (in memory), {@link PostgresNodeEndToEndTests}
 * (a real PostgreSQL server, {@link PostgresServer}). Both always run. A remote outage is checked in virtual
 * time instead, step by step: {@link NodeOutageTests}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "sample.node-id=it-${random.uuid}",
        "sample.services-file=",
        "antientropy.interval=1h",
        "antientropy.server-up-interval=100ms",
        "antientropy.retry-fail-interval=200ms",
        "logging.level.dev.antientropy=INFO" })
@AutoConfigureRestTestClient
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NodeEndToEndTests {

    /** Longest wait for anything the syncer does in these runs. */
    static final Duration BOUND = Duration.ofSeconds(10);

    @Autowired
    RestTestClient http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SampleProperties properties;

    @Autowired
    RemoteOutage outage;

    @Autowired
    @Qualifier("catalog")
    StateSyncer syncer;

    @Value("${sample.operator.name}")
    String operator;

    @Value("${sample.operator.password}")
    String password;

    private final JsonMapper json = JsonMapper.builder().build();

    @AfterEach
    void endInjectedOutageAndPause() {
        outage.end();
        while (syncer.isPaused()) {
            syncer.resume();
        }
    }

    @AfterAll
    void removeThisRunsRows() {
        jdbc.sql("DELETE FROM catalog WHERE node_id = :node").param("node", properties.nodeId()).update();
    }

    @Test
    void editsThroughTheApiReachTheCatalogTable() {
        String id = unique("web");
        register(id, "10.0.0.1", 8080).expectStatus().isCreated();
        await().atMost(BOUND).untilAsserted(() -> assertThat(row(id)).isEqualTo("10.0.0.1:8080"));

        register(id, "10.0.0.2", 8443).expectStatus().isOk();
        await().atMost(BOUND).untilAsserted(() -> assertThat(row(id)).isEqualTo("10.0.0.2:8443"));

        http.delete().uri("/api/services/{id}", id).exchange().expectStatus().isNoContent();
        await().atMost(BOUND).untilAsserted(() -> assertThat(rowsOfThisNode()).doesNotContainKey(id));
    }

    @Test
    void theCatalogEndpointShowsTheTableAsItIs() {
        String id = unique("api");
        register(id, "10.0.0.3", 9090).expectStatus().isCreated();
        await().atMost(BOUND).untilAsserted(() -> assertThat(row(id)).isNotNull());

        http.get().uri("/api/catalog?node={node}", properties.nodeId()).exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$[?(@.serviceId == '" + id + "')].port").isEqualTo(List.of(9090));
    }

    @Test
    void aMalformedRegistrationIsRefusedWithTheReason() {
        http.put().uri("/api/services/{id}", unique("bad")).contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("name", "bad", "address", "10.0.0.9", "port", 70000)).exchange()
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.detail").isEqualTo("port must be between 1 and 65535, was 70000");
    }

    @Test
    void readsOfTheManagementPathsNeedNoCredentials() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.status").isEqualTo("UP");
        http.get().uri("/actuator/metrics").exchange().expectStatus().isOk();
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    @Test
    void driftIsRepairedByARequestedFullSync() {
        String kept = unique("kept");
        String deleted = unique("deleted");
        String altered = unique("altered");
        String orphan = unique("orphan");
        register(kept, "10.0.1.1", 8001).expectStatus().isCreated();
        register(deleted, "10.0.1.2", 8002).expectStatus().isCreated();
        register(altered, "10.0.1.3", 8003).expectStatus().isCreated();
        await().atMost(BOUND).untilAsserted(() -> assertThat(rowsOfThisNode()).containsKeys(kept, deleted, altered));

        drift("delete", deleted);
        drift("alter", altered);
        drift("orphan", orphan);
        assertThat(rowsOfThisNode()).doesNotContainKey(deleted)
            .containsEntry(altered, DriftInjector.DRIFTED_ADDRESS + ":1")
            .containsKey(orphan);

        asOperator(action("sync-full")).exchange().expectStatus().is2xxSuccessful();

        await().atMost(BOUND).untilAsserted(() -> assertThat(rowsOfThisNode())
            .containsEntry(kept, "10.0.1.1:8001")
            .containsEntry(deleted, "10.0.1.2:8002")
            .containsEntry(altered, "10.0.1.3:8003")
            .doesNotContainKey(orphan));
    }

    @Test
    void thePrometheusScrapeHasTheAntientropySeries() {
        String scrape = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
            .expectBody(String.class).returnResult().getResponseBody();

        assertThat(scrape).containsPattern("(?m)^antientropy_sync_seconds_count\\{.*syncer=\"catalog\".*type=\"full\"")
            .containsPattern("(?m)^antientropy_triggers_total\\{.*syncer=\"catalog\"")
            .containsPattern("(?m)^antientropy_paused\\{.*syncer=\"catalog\".*\\} 0")
            .containsPattern("(?m)^antientropy_full_sync_age_seconds\\{.*syncer=\"catalog\"");
    }

    @Test
    void writesToTheEndpointWithoutTheOperatorsCredentialsAreRefused() {
        action("pause").exchange().expectStatus().isUnauthorized()
            .expectHeader().exists("WWW-Authenticate");
        action("pause").headers((headers) -> headers.setBasicAuth(operator, "wrong")).exchange()
            .expectStatus().isUnauthorized();

        assertThat(syncer.isPaused()).isFalse();
    }

    @Test
    void writesToTheEndpointWithTheOperatorsCredentialsAreCarriedOut() {
        asOperator(action("pause")).exchange().expectStatus().is2xxSuccessful()
            .expectBody().jsonPath("$.paused").isEqualTo(true);
        assertThat(syncer.isPaused()).isTrue();

        asOperator(action("resume")).exchange().expectStatus().is2xxSuccessful()
            .expectBody().jsonPath("$.paused").isEqualTo(false);
        assertThat(syncer.isPaused()).isFalse();
    }

    @Test
    void editsMadeWhilePausedArePushedByTheLastResume() {
        asOperator(action("pause")).exchange().expectStatus().is2xxSuccessful();
        long partialSyncs = counts().get("partialSyncs").asLong();
        String id = unique("paused");

        register(id, "10.0.3.1", 7000).expectStatus().isCreated();

        http.get().uri("/api/node").exchange().expectBody()
            .jsonPath("$.pendingChanges[?(@ == '" + id + "')]").exists();
        assertThat(counts().get("partialSyncs").asLong()).isEqualTo(partialSyncs);
        asOperator(action("resume")).exchange().expectStatus().is2xxSuccessful();
        await().atMost(BOUND).untilAsserted(() -> assertThat(row(id)).isEqualTo("10.0.3.1:7000"));
    }

    @Test
    void readsOfTheEndpointNeedNoCredentials() {
        http.get().uri("/actuator/antientropy").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.syncers.catalog.state").isEqualTo("PARTIAL_SYNC");
        http.get().uri("/actuator/antientropy/catalog").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.paused").isEqualTo(false);
        http.get().uri("/actuator/metrics/antientropy.sync").exchange().expectStatus().isOk();
    }

    @Test
    void theSyncerHasAHealthPathOfItsOwnWithTheEndpointsDetails() {
        // sample-app/README.md, section 4: /actuator/health/antientropy/catalog is this syncer's own health.
        JsonNode health = syncerHealth();
        JsonNode status = json.readTree(http.get().uri("/actuator/antientropy/catalog").exchange()
            .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());

        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("details").get("state").asString()).isEqualTo(syncer.status().state().name());
        assertThat(health.get("details").get("lastFullSync")).isEqualTo(status.get("lastFullSync"));
        assertThat(health.get("details").get("paused").asBoolean()).isFalse();

        asOperator(action("pause")).exchange().expectStatus().isOk();
        JsonNode paused = syncerHealth();
        assertThat(paused.get("status").asString()).isEqualTo("UP");
        assertThat(paused.get("details").get("pauseDepth").asInt()).isEqualTo(1);
        http.get().uri("/actuator/health/antientropy/nope").exchange().expectStatus().isNotFound();
    }

    private JsonNode syncerHealth() {
        String body = http.get().uri("/actuator/health/antientropy/catalog").exchange().expectStatus().isOk()
            .expectBody(String.class).returnResult().getResponseBody();
        System.out.println("GET /actuator/health/antientropy/catalog -> 200 " + body);
        return json.readTree(body);
    }

    RestTestClient.ResponseSpec register(String id, String address, int port) {
        return http.put().uri("/api/services/{id}", id).contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("name", "demo", "address", address, "port", port, "tags", List.of("e2e")))
            .exchange();
    }

    RestTestClient.RequestBodySpec action(String action) {
        RestTestClient.RequestBodySpec request = http.post().uri("/actuator/antientropy/catalog");
        request.contentType(MediaType.APPLICATION_JSON).body(Map.of("action", action));
        return request;
    }

    RestTestClient.RequestBodySpec asOperator(RestTestClient.RequestBodySpec request) {
        request.headers((headers) -> headers.setBasicAuth(operator, password));
        return request;
    }

    void drift(String kind, String serviceId) {
        http.post().uri("/api/faults/drift/{kind}?service={id}", kind, serviceId).exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.rows").isEqualTo(1);
    }

    /** The {@code counts} of the syncer's status, as the endpoint shows them. */
    JsonNode counts() {
        String body = http.get().uri("/actuator/antientropy/catalog").exchange().expectStatus().isOk()
            .expectBody(String.class).returnResult().getResponseBody();
        return json.readTree(body).get("counts");
    }

    /** This node's rows straight from the database: service id to "address:port". */
    Map<String, String> rowsOfThisNode() {
        return jdbc.sql("SELECT service_id, address, port FROM catalog WHERE node_id = :node")
            .param("node", properties.nodeId())
            .query((rs) -> {
                Map<String, String> rows = new TreeMap<>();
                while (rs.next()) {
                    rows.put(rs.getString("service_id"), rs.getString("address") + ":" + rs.getInt("port"));
                }
                return rows;
            });
    }

    String row(String id) {
        return rowsOfThisNode().get(id);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
