package dev.antientropy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.antientropy.StateSyncer;

/**
 * Who may do what on the running sample, over HTTP: writes to the antientropy endpoint need the operator (401
 * without credentials or with wrong ones, 403 for the authenticated viewer, 2xx for the operator), reads are
 * open, the audit trail is the operator's. CSRF is off on purpose ({@link SecurityConfiguration}): the
 * operator's POST carries no CSRF token and no cookie, and is carried out.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:catalog-security;DB_CLOSE_DELAY=-1",
        "sample.node-id=security-test",
        "sample.services-file=",
        "antientropy.interval=1h",
        "logging.level.dev.antientropy=INFO" })
@AutoConfigureRestTestClient
class SampleSecurityTests {

    private static final String CATALOG = "/actuator/antientropy/catalog";

    @Autowired
    private RestTestClient http;

    @Autowired
    private SampleProperties properties;

    @Autowired
    @Qualifier("catalog")
    private StateSyncer syncer;

    @AfterEach
    void endPauses() {
        while (syncer.isPaused()) {
            syncer.resume();
        }
    }

    @Test
    void aWriteWithoutCredentialsIs401AndChangesNothing() {
        pause().exchange().expectStatus().isUnauthorized().expectHeader().exists("WWW-Authenticate");

        assertThat(syncer.status().pauseDepth()).isZero();
    }

    @Test
    void aWriteWithAWrongPasswordIs401AndChangesNothing() {
        pause().headers((headers) -> headers.setBasicAuth(properties.operator().name(), "wrong")).exchange()
            .expectStatus().isUnauthorized();

        assertThat(syncer.status().pauseDepth()).isZero();
    }

    @Test
    void aWriteByAnAuthenticatedUserWithoutTheOperatorRoleIs403AndChangesNothing() {
        asViewer(pause()).exchange().expectStatus().isForbidden();

        assertThat(syncer.status().pauseDepth()).isZero();
    }

    @Test
    void aWriteByTheOperatorWithoutAnyCsrfTokenOrCookieIsCarriedOut() {
        asOperator(pause()).exchange()
            .expectStatus().isOk()
            .expectHeader().doesNotExist("Set-Cookie") // stateless: no session to ride on
            .expectBody().jsonPath("$.pauseDepth").isEqualTo(1);

        assertThat(syncer.status().pauseDepth()).isEqualTo(1);
    }

    @Test
    void readsOfTheEndpointAreOpenToAll() {
        http.get().uri(CATALOG).exchange().expectStatus().isOk();
        http.get().uri(CATALOG).headers(this::viewer).exchange().expectStatus().isOk();
    }

    @Test
    void theOperatorsActionIsOnTheAuditTrailWithWhoWhatAndOutcome() {
        asOperator(pause()).exchange().expectStatus().isOk();
        asOperator(action("resume")).exchange().expectStatus().isOk();
        asOperator(action("resume")).exchange().expectStatus().isEqualTo(409);

        http.get().uri("/actuator/auditevents?type=ANTIENTROPY_ACTION&principal={who}", properties.operator().name())
            .headers(this::operator)
            .exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.events[-3].principal").isEqualTo(properties.operator().name())
            .jsonPath("$.events[-3].data.syncer").isEqualTo("catalog")
            .jsonPath("$.events[-3].data.action").isEqualTo("pause")
            .jsonPath("$.events[-3].data.outcome").isEqualTo("done")
            .jsonPath("$.events[-2].data.action").isEqualTo("resume")
            .jsonPath("$.events[-2].data.outcome").isEqualTo("done")
            .jsonPath("$.events[-1].data.action").isEqualTo("resume")
            .jsonPath("$.events[-1].data.outcome").isEqualTo("conflict");
    }

    @Test
    void theAuditTrailIsTheOperatorsToRead() {
        http.get().uri("/actuator/auditevents").exchange().expectStatus().isUnauthorized();
        http.get().uri("/actuator/auditevents").headers(this::viewer).exchange().expectStatus().isForbidden();
    }

    private RestTestClient.RequestBodySpec pause() {
        return action("pause");
    }

    private RestTestClient.RequestBodySpec action(String action) {
        RestTestClient.RequestBodySpec request = http.post().uri(CATALOG);
        request.contentType(MediaType.APPLICATION_JSON).body(Map.of("action", action));
        return request;
    }

    private RestTestClient.RequestBodySpec asOperator(RestTestClient.RequestBodySpec request) {
        request.headers(this::operator);
        return request;
    }

    private RestTestClient.RequestBodySpec asViewer(RestTestClient.RequestBodySpec request) {
        request.headers(this::viewer);
        return request;
    }

    private void operator(HttpHeaders headers) {
        headers.setBasicAuth(properties.operator().name(), properties.operator().password());
    }

    private void viewer(HttpHeaders headers) {
        headers.setBasicAuth(properties.viewer().name(), properties.viewer().password());
    }
}
