package dev.antientropy.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.test.ManualSyncScheduler;
import dev.antientropy.testing.ScriptedSyncState;

/**
 * The audit trail of the write operation, without HTTP: one {@code ANTIENTROPY_ACTION} event and one INFO line
 * per action asked, whatever its outcome (DESIGN.md, "Spring Boot surface").
 */
@ExtendWith(OutputCaptureExtension.class)
class AntiEntropyEndpointAuditTests {

    private final ManualSyncScheduler scheduler = new ManualSyncScheduler();

    private final StateSyncer catalog = StateSyncer.builder(new ScriptedSyncState())
        .name("catalog")
        .scheduler(scheduler)
        .stagger(Stagger.none())
        .build();

    private final List<Object> published = new CopyOnWriteArrayList<>();

    private final AntiEntropyEndpoint endpoint = new AntiEntropyEndpoint(Map.of("catalog", catalog),
            published::add);

    @AfterEach
    void close() {
        catalog.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "sync-full", "sync-changes", "pause" })
    void aPerformedActionIsAuditedAsDone(String action, CapturedOutput output) {
        endpoint.perform(as("alice"), "catalog", action);

        AuditEvent event = theOnlyEvent();
        assertThat(event.getType()).isEqualTo("ANTIENTROPY_ACTION");
        assertThat(event.getPrincipal()).isEqualTo("alice");
        assertThat(event.getData()).isEqualTo(
                Map.of("syncer", "catalog", "action", action, "outcome", "done"));
        assertThat(output).containsOnlyOnce("principal 'alice' asked syncer 'catalog' to '" + action + "': done");
    }

    @Test
    void aResumeThatEndsAPauseIsAuditedAsDone() {
        catalog.pause();

        endpoint.perform(as("alice"), "catalog", "resume");

        assertThat(theOnlyEvent().getData()).containsEntry("action", "resume").containsEntry("outcome", "done");
    }

    @Test
    void aRefusedResumeIsAuditedAsConflict(CapturedOutput output) {
        endpoint.perform(as("bob"), "catalog", "resume");

        assertThat(theOnlyEvent().getData()).containsEntry("action", "resume").containsEntry("outcome", "conflict");
        assertThat(output).contains("INFO").contains("principal 'bob' asked syncer 'catalog' to 'resume': conflict");
    }

    @Test
    void anActionOnAStoppedSyncerIsAuditedAsConflict() {
        catalog.close();

        endpoint.perform(as("bob"), "catalog", "pause");

        assertThat(theOnlyEvent().getData()).containsEntry("outcome", "conflict");
    }

    @Test
    void anUnknownSyncerIsAuditedAsNotFound() {
        endpoint.perform(as("carol"), "nope", "pause");

        assertThat(theOnlyEvent().getData()).isEqualTo(
                Map.of("syncer", "nope", "action", "pause", "outcome", "not-found"));
    }

    @Test
    void anUnknownOrMissingActionIsAuditedAsBadRequest() {
        endpoint.perform(as("carol"), "catalog", "explode");
        endpoint.perform(as("carol"), "catalog", null);

        assertThat(published).hasSize(2);
        assertThat(events()).extracting((event) -> event.getData().get("outcome"))
            .containsExactly("bad-request", "bad-request");
        assertThat(events()).extracting((event) -> event.getData().get("action")).containsExactly("explode", "");
    }

    @Test
    void withoutAnAuthenticatedCallerThePrincipalIsAnonymous(CapturedOutput output) {
        endpoint.perform(SecurityContext.NONE, "catalog", "pause");

        assertThat(theOnlyEvent().getPrincipal()).isEqualTo("anonymous");
        assertThat(output).contains("principal 'anonymous' asked syncer 'catalog' to 'pause': done");
    }

    @Test
    void theOperationOverJmxIsAuditedToo() {
        endpoint.act("catalog", "pause", SecurityContext.NONE);
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
            .isThrownBy(() -> endpoint.act("nope", "pause", as("x")));

        assertThat(events()).extracting((event) -> event.getData().get("outcome")).containsExactly("done",
                "not-found");
    }

    @Test
    void namesFromTheRequestReachTheLogWithoutLineBreaksAndCut(CapturedOutput output) {
        String forged = "nope\nINFO forged line\r" + "x".repeat(5_000);

        endpoint.perform(as("eve"), forged, "pause");

        String syncer = (String) theOnlyEvent().getData().get("syncer");
        assertThat(syncer).startsWith("nope?INFO forged line?x").endsWith("...").hasSize(103);
        assertThat(output).doesNotContain("\nINFO forged line").contains("asked syncer 'nope?INFO forged line?");
    }

    @Test
    void aThrowingAuditListenerLeavesTheAnswerStanding() {
        AntiEntropyEndpoint failing = new AntiEntropyEndpoint(Map.of("catalog", catalog), (event) -> {
            throw new IllegalStateException("listener down");
        });

        assertThat(failing.perform(as("alice"), "catalog", "pause").status()).isEqualTo(200);
        assertThat(catalog.status().pauseDepth()).isEqualTo(1);
    }

    @Test
    void outcomesAreTheFourOfTheContract() {
        assertThat(List.of(200, 409, 404, 400)).extracting(EndpointAudit::outcome)
            .containsExactly("done", "conflict", "not-found", "bad-request");
    }

    private AuditEvent theOnlyEvent() {
        assertThat(published).hasSize(1);
        return events().get(0);
    }

    private List<AuditEvent> events() {
        return published.stream().map((event) -> ((AuditApplicationEvent) event).getAuditEvent()).toList();
    }

    private static SecurityContext as(String name) {
        Principal principal = () -> name;
        return new SecurityContext() {

            @Override
            public @Nullable Principal getPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }
        };
    }
}
