package dev.antientropy;

import static dev.antientropy.SyncerFixture.MAXIMAL;
import static dev.antientropy.SyncerFixture.NANO;
import static dev.antientropy.SyncerFixture.ms;
import static dev.antientropy.SyncerFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Requests ({@link StateSyncer#triggerSyncFull()}, {@link StateSyncer#triggerSyncChanges()}): a requested full
 * sync runs within its stagger from any waiting state, a partial sync runs after a full sync succeeded, requests
 * coalesce, and when several things are ready at once a full sync (requested or periodic) comes before a
 * partial one. In virtual time. Cases ported from Consul's {@code agent/ae/ae_test.go} name their number and Go
 * test; a fixed flaw of the original says how it behaved.
 */
class RequestTests {

    private final SyncerFixture fixture = new SyncerFixture();

    // Ports TestAE_Run_SyncFullBeforeChanges (#5): a partial sync requested before start runs right after the
    // first full sync; the call order is exactly full, changes.
    @Test
    void changesRequestedBeforeStartRunAfterTheFirstFullSync() {
        StateSyncer syncer = fixture.builder().build();
        syncer.triggerSyncChanges();
        syncer.start();
        fixture.scheduler.runDue();
        assertThat(fixture.state.calls()).containsExactly("full", "changes");
    }

    // Ports TestAE_FSM/retryFullSyncState "syncFullNotifEvent -> fullSyncState" (#11).
    @Test
    void inRetryAFullSyncRequestGoesToFullSync() {
        StateSyncer syncer = fixture.inRetry(fixture.builder());
        syncer.triggerSyncFull();
        fixture.scheduler.runDue();
        assertThat(fixture.state.calls()).containsExactly("full", "full");
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
    }

    // Ports TestAE_FSM/partialSyncState "syncFullNotifEvent -> fullSyncState" (#15).
    @Test
    void inPartialSyncAFullSyncRequestGoesToFullSync() {
        StateSyncer syncer = fixture.started();
        syncer.triggerSyncFull();
        fixture.scheduler.runDue();
        assertThat(fixture.state.calls()).containsExactly("full", "full");
        assertThat(fixture.events).containsSubsequence("PARTIAL_SYNC -> FULL_SYNC", "FULL_SYNC -> PARTIAL_SYNC");
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
    }

    // Ports TestAE_FSM/partialSyncState "syncChangesEvent+SyncChanges() OK -> partialSyncState" (#19).
    @Test
    void successfulChangesStayInPartial() {
        StateSyncer syncer = fixture.started();
        syncer.triggerSyncChanges();
        fixture.scheduler.runDue();
        assertThat(fixture.state.calls()).containsExactly("full", "changes");
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
        assertThat(syncer.status().lastPartialSync().succeeded()).isTrue();
    }

    // Ports TestAE_RetrySyncFullEvent "trigger syncFullNotifEvent" (#24): serverUpInterval 10 ms; with the
    // largest stagger the requested full sync runs at 10 ms - 1 ns, never later.
    @Test
    void whileRetryingAFullSyncRequestRunsWithinTheServerUpInterval() {
        StateSyncer syncer = fixture.inRetry(fixture.builder(MAXIMAL).serverUpInterval(ms(10)));
        Duration requestedAt = fixture.scheduler.elapsed();
        syncer.triggerSyncFull();
        fixture.advance(ms(10).minus(NANO).minus(NANO));
        assertThat(fixture.state.count("full")).isEqualTo(1);
        fixture.advance(NANO);
        assertThat(fixture.state.fullTimes()).last().isEqualTo(requestedAt.plus(ms(10)).minus(NANO));
    }

    // Ports TestAE_SyncChangesEvent "trigger syncFullNotifEvent" (#28): serverUpInterval 10 ms.
    @Test
    void whileInPartialSyncAFullSyncRequestRunsWithinTheServerUpInterval() {
        StateSyncer syncer = fixture.start(fixture.builder(MAXIMAL).serverUpInterval(ms(10)).build());
        syncer.triggerSyncFull();
        fixture.advance(ms(10).minus(NANO).minus(NANO));
        assertThat(fixture.state.count("full")).isEqualTo(1);
        fixture.advance(NANO);
        assertThat(fixture.state.count("full")).isEqualTo(2);
    }

    // Ports TestAE_SyncChangesEvent "trigger syncChangesNotifEvent" (#30).
    @Test
    void whileInPartialSyncAChangesRequestRunsAPartialSync() {
        StateSyncer syncer = fixture.started();
        syncer.triggerSyncChanges();
        fixture.scheduler.runDue();
        assertThat(fixture.state.calls()).containsExactly("full", "changes");
    }

    // Original: random. Here a full-sync request is served before a partial-sync request made earlier.
    @Test
    void aFullSyncRequestWinsOverAPartialSyncRequest() {
        StateSyncer syncer = fixture.started();
        syncer.triggerSyncChanges();
        syncer.triggerSyncFull();
        fixture.scheduler.runDue();
        assertThat(fixture.state.calls()).containsExactly("full", "full", "changes");
    }

    // Original: random. Here, when the periodic timer and a partial-sync request are ready in the same pass, the
    // full sync runs first and the partial sync right after it.
    @Test
    void thePeriodicTimerWinsOverAPartialSyncRequest() {
        StateSyncer syncer = fixture.builder().build();
        // Queued before the timer exists, so it runs first at t=60s and only sets the request bit: the pass
        // that looks then sees both the request and the elapsed deadline.
        fixture.scheduler.schedule(syncer::triggerSyncChanges, s(60));
        fixture.start(syncer);
        fixture.advance(s(60));
        assertThat(fixture.state.calls()).containsExactly("full", "full", "changes");
        assertThat(fixture.state.changesTimes()).containsExactly(s(60));
    }

    // A full-sync request that meets an elapsed periodic deadline gives one full sync, at once.
    @Test
    void aFullSyncRequestMeetingTheTimerGivesOneFullSync() {
        StateSyncer syncer = fixture.builder(MAXIMAL).build();
        fixture.scheduler.schedule(syncer::triggerSyncFull, s(120));
        fixture.start(syncer);
        fixture.advance(s(120));
        assertThat(fixture.state.fullTimes()).containsExactly(Duration.ZERO, s(120).minus(NANO));
        fixture.advance(s(3));
        assertThat(fixture.state.fullTimes()).hasSize(3);
    }

    // Implied by the original (acceptance case): N triggers while a sync is running give exactly one more sync.
    @Test
    void triggersDuringASyncCoalesceIntoOneMoreSync() {
        StateSyncer syncer = fixture.started();
        fixture.state.thenChanges(() -> {
            for (int i = 0; i < 100; i++) {
                syncer.triggerSyncChanges();
            }
        });
        syncer.triggerSyncChanges();
        fixture.scheduler.runDue();
        assertThat(fixture.state.calls()).containsExactly("full", "changes", "changes");
        assertThat(fixture.events.stream().filter(e -> e.equals("request CHANGES coalesced"))).hasSize(99);
    }
}
