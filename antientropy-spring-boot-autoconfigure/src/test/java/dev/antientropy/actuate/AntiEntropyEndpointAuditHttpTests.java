package dev.antientropy.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

import dev.antientropy.StateSyncer;
import dev.antientropy.test.ManualSyncScheduler;
import dev.antientropy.testing.Http;
import dev.antientropy.testing.VirtualTimeApplication;

/**
 * The audit trail over real HTTP: every POST that reaches the operation publishes one {@code ANTIENTROPY_ACTION}
 * event, seen here by an {@code ApplicationListener} of the test's own (Boot's {@code AuditAutoConfiguration}
 * needs Spring Security, which this module's tests do not have; the sample shows the events on
 * {@code /actuator/auditevents}). No Spring Security, so the principal is {@code anonymous}.
 */
@SpringBootTest(classes = { VirtualTimeApplication.class, AntiEntropyEndpointAuditHttpTests.Audits.class },
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "management.endpoints.web.exposure.include=antientropy",
                "management.endpoint.antientropy.access=unrestricted" })
class AntiEntropyEndpointAuditHttpTests {

    private static final String PATH = "/actuator/antientropy";

    @LocalServerPort
    private int port;

    @Autowired
    private ManualSyncScheduler scheduler;

    @Autowired
    private StateSyncer catalog;

    @Autowired
    private RecordedAudits audits;

    private Http http;

    @BeforeEach
    void start() {
        http = new Http(port);
        scheduler.runDue();
        audits.events.clear();
    }

    @AfterEach
    void leaveTheSyncerAsFound() {
        while (catalog.isPaused()) {
            catalog.resume();
        }
        scheduler.runDue();
    }

    @Test
    void everyActionOverHttpIsAuditedWithItsOutcome() {
        assertThat(http.post(PATH + "/catalog", "{\"action\": \"pause\"}").status()).isEqualTo(200);
        assertThat(http.post(PATH + "/catalog", "{\"action\": \"resume\"}").status()).isEqualTo(200);
        assertThat(http.post(PATH + "/catalog", "{\"action\": \"resume\"}").status()).isEqualTo(409);
        assertThat(http.post(PATH + "/nope", "{\"action\": \"sync-full\"}").status()).isEqualTo(404);
        assertThat(http.post(PATH + "/catalog", "{\"action\": \"explode\"}").status()).isEqualTo(400);
        assertThat(http.post(PATH + "/catalog", "{\"action\": \"sync-changes\"}").status()).isEqualTo(200);

        assertThat(audits.events).allSatisfy((event) -> {
            assertThat(event.getType()).isEqualTo("ANTIENTROPY_ACTION");
            assertThat(event.getPrincipal()).isEqualTo("anonymous");
        });
        assertThat(audits.events).extracting(AuditEvent::getData).containsExactly(
                Map.of("syncer", "catalog", "action", "pause", "outcome", "done"),
                Map.of("syncer", "catalog", "action", "resume", "outcome", "done"),
                Map.of("syncer", "catalog", "action", "resume", "outcome", "conflict"),
                Map.of("syncer", "nope", "action", "sync-full", "outcome", "not-found"),
                Map.of("syncer", "catalog", "action", "explode", "outcome", "bad-request"),
                Map.of("syncer", "catalog", "action", "sync-changes", "outcome", "done"));
    }

    @Test
    void readsAndBodiesThatNeverReachTheOperationAreNotAudited() {
        http.get(PATH);
        http.get(PATH + "/catalog");
        assertThat(http.post(PATH + "/catalog", "not json").status()).isEqualTo(400);
        assertThat(http.method("PUT", PATH + "/catalog", "{\"action\": \"pause\"}").status()).isEqualTo(405);

        assertThat(audits.events).isEmpty();
    }

    /** Every audit event of the context, in order. */
    static final class RecordedAudits implements ApplicationListener<AuditApplicationEvent> {

        final List<AuditEvent> events = new CopyOnWriteArrayList<>(); // any request thread adds, the test reads

        @Override
        public void onApplicationEvent(AuditApplicationEvent event) {
            events.add(event.getAuditEvent());
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Audits {

        @Bean
        RecordedAudits recordedAudits() {
            return new RecordedAudits();
        }
    }
}
