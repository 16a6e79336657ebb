package dev.antientropy;

import static dev.antientropy.SyncerFixture.MAXIMAL;
import static dev.antientropy.SyncerFixture.NANO;
import static dev.antientropy.SyncerFixture.ms;
import static dev.antientropy.SyncerFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Failures: a failed full sync goes to RETRY_FULL_SYNC and is retried within the retry window (backing off if
 * asked), partial-sync requests wait for the next successful full sync, a failed partial sync changes nothing
 * and is not retried. In virtual time. Cases ported from Consul's {@code agent/ae/ae_test.go} name their number
 * and Go test.
 */
class RetryTests {

    private final SyncerFixture fixture = new SyncerFixture();

    // Ports TestAE_FSM/fullSyncState "SyncFull() error -> retryFullSyncState" (#8).
    @Test
    void failedFullSyncGoesToRetry() {
        fixture.state.thenFull(RecordingState.failing("no leader"));
        StateSyncer syncer = fixture.start(fixture.builder().build());
        assertThat(syncer.status().state()).isEqualTo(SyncerState.RETRY_FULL_SYNC);
        assertThat(syncer.status().lastFullSync().error()).isEqualTo("no leader");
    }

    // Ports TestAE_FSM/retryFullSyncState "syncFullTimerEvent -> fullSyncState" (#12).
    @Test
    void retryTimerGoesToFullSync() {
        StateSyncer syncer = fixture.inRetry(fixture.builder());
        fixture.advance(s(15));
        assertThat(fixture.state.calls()).containsExactly("full", "full");
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
    }

    // Ports TestAE_RetrySyncFullEvent "trigger syncFullTimerEvent" (#25): retryFailInterval 10 ms, Go's
    // identity stagger adds 10 ms; here the retry falls in [10 ms, 20 ms).
    @Test
    void whileRetryingTheRetryTimerFiresInItsWindow() {
        fixture.inRetry(fixture.builder(MAXIMAL).retryFailInterval(ms(10)));
        fixture.advance(ms(20).minus(NANO).minus(NANO));
        assertThat(fixture.state.count("full")).isEqualTo(1);
        fixture.advance(NANO);
        assertThat(fixture.state.count("full")).isEqualTo(2);
    }

    // Ports TestAE_FSM/partialSyncState "syncChangesEvent+SyncChanges() error -> partialSyncState" (#18).
    @Test
    void failedChangesStayInPartial() {
        StateSyncer syncer = fixture.started();
        fixture.state.thenChanges(RecordingState.failing("write refused"));
        syncer.triggerSyncChanges();
        fixture.scheduler.runDue();
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
        assertThat(syncer.status().lastPartialSync().error()).isEqualTo("write refused");
    }

    // Original: a remote that stays down is retried every 15 s·(1..1+f) forever. Here the pace can back off:
    // 15 s, 30 s, 60 s, then capped at 60 s (no stagger in this test).
    @Test
    void retriesBackOffUpToTheCap() {
        fixture.state.alwaysFull(RecordingState.failing("down"));
        fixture.start(fixture.builder().retryBackoff(2.0, s(60)).build());
        fixture.advance(s(400));
        assertThat(fixture.state.fullTimes()).containsExactly(s(0), s(15), s(45), s(105), s(165), s(225), s(285),
                s(345));
    }

    // The default keeps Consul's fixed retry pace.
    @Test
    void retriesKeepConsulsPaceByDefault() {
        fixture.state.alwaysFull(RecordingState.failing("down"));
        fixture.started();
        fixture.advance(s(60));
        assertThat(fixture.state.fullTimes()).containsExactly(s(0), s(15), s(30), s(45), s(60));
    }

    // Implied by the original (acceptance case): partial-sync requests made while retrying a full sync are kept and
    // served after the next successful full sync.
    @Test
    void changesRequestedDuringRetryRunAfterTheNextSuccessfulFullSync() {
        fixture.state.thenFull(RecordingState.failing("down"));
        StateSyncer syncer = fixture.started();
        syncer.triggerSyncChanges();
        fixture.scheduler.runDue();
        assertThat(fixture.state.calls()).containsExactly("full");
        fixture.advance(s(15));
        assertThat(fixture.state.calls()).containsExactly("full", "full", "changes");
        assertThat(fixture.state.changesTimes()).containsExactly(s(15));
    }

    // Implied by the original (acceptance case): errors from syncChanges never change the state and never schedule a
    // retry.
    @Test
    void failedPartialSyncsNeitherChangeStateNorScheduleARetry() {
        StateSyncer syncer = fixture.started();
        fixture.state.alwaysChanges(RecordingState.failing("refused"));
        var dueBefore = syncer.status().nextFullSyncDue();
        syncer.triggerSyncChanges();
        fixture.scheduler.runDue();
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
        assertThat(syncer.status().nextFullSyncDue()).isEqualTo(dueBefore);
        fixture.advance(s(60).minus(NANO));
        assertThat(fixture.state.calls()).containsExactly("full", "changes");
        assertThat(syncer.status().partialSyncFailures()).isEqualTo(1);
    }
}
