package dev.antientropy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.antientropy.test.ManualSyncScheduler;
import dev.antientropy.test.VirtualSyncTime;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A remote outage seen over HTTP, on the running sample with its own timing (a failed full sync retried after
 * 10 s), in virtual time ({@link VirtualSyncTime}): the test moves the syncer's clock, so each step is checked at
 * the moment it must happen, with no wait. Moved here from {@link NodeEndToEndTests}, where it waited on real
 * time with the timing shortened.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "sample.node-id=outage-${random.uuid}",
        "sample.services-file=",
        "spring.datasource.url=jdbc:h2:mem:catalog-outage;DB_CLOSE_DELAY=-1",
        "logging.level.dev.antientropy=INFO" })
@AutoConfigureRestTestClient
@VirtualSyncTime
class NodeOutageTests {

    /** {@code antientropy.retry-fail-interval} of the sample's application.yml. */
    static final Duration RETRY_FAIL_INTERVAL = Duration.ofSeconds(10);

    @Autowired
    ManualSyncScheduler scheduler;

    @Autowired
    RestTestClient http;

    @Autowired
    CatalogView catalog;

    @Autowired
    SampleProperties properties;

    @Value("${sample.operator.name}")
    String operator;

    @Value("${sample.operator.password}")
    String password;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void duringAnOutageFailuresAreCountedHealthStaysUpAndTheCatalogConvergesAfterRecovery() {
        scheduler.runDue(); // the first full sync
        http.put().uri("/api/faults/outage").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.outage").isEqualTo(true);

        http.put().uri("/api/services/{id}", "cache").contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("name", "cache", "address", "10.0.2.1", "port", 6379, "tags", List.of("e2e")))
            .exchange().expectStatus().isCreated();
        scheduler.runDue(); // the partial sync the registration requested
        assertThat(counts().get("partialSyncFailures").asLong()).isOne();
        assertThat(syncs("changes", "failure")).isOne();

        http.post().uri("/actuator/antientropy/catalog").contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("action", "sync-full")).headers((headers) -> headers.setBasicAuth(operator, password))
            .exchange().expectStatus().is2xxSuccessful();
        scheduler.runDue(); // a requested full sync: at once, the lower end of its window
        assertThat(counts().get("fullSyncFailures").asLong()).isOne();
        assertThat(syncs("full", "failure")).isOne();

        // A remote outage must not make a platform restart a healthy node.
        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
            .expectBody()
            .jsonPath("$.status").isEqualTo("UP")
            .jsonPath("$.components.antientropy.status").isEqualTo("UP")
            .jsonPath("$.components.antientropy.components.catalog.details.lastFullSync.outcome")
            .isEqualTo("failure");
        http.get().uri("/actuator/antientropy/catalog").exchange()
            .expectBody().jsonPath("$.state").isEqualTo("RETRY_FULL_SYNC");
        http.get().uri("/api/node").exchange().expectBody()
            .jsonPath("$.pendingChanges[?(@ == 'cache')]").exists();

        http.delete().uri("/api/faults/outage").exchange().expectStatus().isOk();
        scheduler.advance(RETRY_FAIL_INTERVAL.minusNanos(1));
        assertThat(catalog.rows(properties.nodeId())).isEmpty();

        // No request needed: the retry timer brings the next full sync, one retry interval after the failure.
        scheduler.advance(Duration.ofNanos(1));
        assertThat(catalog.rows(properties.nodeId())).extracting(CatalogRow::serviceId).containsExactly("cache");
        http.get().uri("/actuator/antientropy/catalog").exchange().expectStatus().isOk()
            .expectBody()
            .jsonPath("$.lastFullSync.outcome").isEqualTo("success")
            .jsonPath("$.state").isEqualTo("PARTIAL_SYNC");
        http.get().uri("/api/node").exchange().expectBody().jsonPath("$.pendingChanges").isEmpty();
    }

    /** The {@code counts} of the syncer's status, as the endpoint shows them. */
    private JsonNode counts() {
        String body = http.get().uri("/actuator/antientropy/catalog").exchange().expectStatus().isOk()
            .expectBody(String.class).returnResult().getResponseBody();
        return json.readTree(body).get("counts");
    }

    /** The count of {@code antientropy.sync} for the syncer, type and outcome; 0 before the first such sync. */
    private double syncs(String type, String outcome) {
        EntityExchangeResult<String> result = http.get()
            .uri("/actuator/metrics/antientropy.sync?tag=syncer:catalog&tag=type:{type}&tag=outcome:{outcome}",
                    type, outcome)
            .exchange()
            .expectBody(String.class)
            .returnResult();
        if (result.getStatus().value() == 404) {
            return 0;
        }
        for (JsonNode measurement : json.readTree(result.getResponseBody()).get("measurements")) {
            if ("COUNT".equals(measurement.get("statistic").asString())) {
                return measurement.get("value").asDouble();
            }
        }
        throw new AssertionError("no COUNT in " + result.getResponseBody());
    }
}
