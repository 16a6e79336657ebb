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
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The running sample over HTTP on a random port, against a real database: what a user of the walkthrough does,
 * checked. The timing is shortened so every wait is short and bounded: no periodic full sync during a run (the
 * interval is an hour), a requested full sync within 100 ms, a failed one retried after 200 ms. Each run uses a
 * node id of its own, so it never meets rows of another run on a shared database.
 *
 * <p>Subclasses choose the database: {@link H2NodeEndToEndTests} (always), {@link PostgresNodeEndToEndTests}
 * (when {@code SAMPLE_IT_JDBC_URL} is set).
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

    @AfterEach
    void endInjectedOutage() {
        outage.end();
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

    RestTestClient.ResponseSpec register(String id, String address, int port) {
        return http.put().uri("/api/services/{id}", id).contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("name", "demo", "address", address, "port", port, "tags", List.of("e2e")))
            .exchange();
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
