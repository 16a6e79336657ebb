package dev.antientropy;

import static dev.antientropy.SyncerFixture.MAXIMAL;
import static dev.antientropy.SyncerFixture.NANO;
import static dev.antientropy.SyncerFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The additional acceptance cases the original's behaviour implies (reference/consul-ae.md §4.1), in virtual
 * time. Timing windows, lifecycle and hostile states have their own classes.
 */
class AcceptanceTests {

    private final SyncerFixture fixture = new SyncerFixture();

    // §4.1: periodic full syncs happen even when partial syncs arrive more often than the interval.
    @Test
    void periodicFullSyncsHappenWhilePartialSyncsArriveMoreOftenThanTheInterval() {
        StateSyncer syncer = fixture.started();
        for (int i = 0; i < 40; i++) {
            fixture.advance(s(30));
            syncer.triggerSyncChanges();
            fixture.scheduler.runDue();
        }
        assertThat(fixture.state.count("changes")).isEqualTo(40);
        assertThat(fixture.state.count("full")).isEqualTo(21);
    }

    // §4.1: partial-sync requests made while retrying a full sync are kept and served after the next
    // successful full sync.
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

    // §4.1: N triggers while a sync is running give exactly one more sync.
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

    // §4.1: a full sync due while paused does not run; after resume only a partial sync is asked for, and (a
    // deliberate fix, see FixedFlawsTests) the skipped full sync is brought forward and runs first.
    @Test
    void fullSyncDueWhilePausedIsSkipped() {
        StateSyncer syncer = fixture.started();
        syncer.pause();
        fixture.advance(s(60));
        assertThat(fixture.state.calls()).containsExactly("full");
        assertThat(syncer.status().state()).isEqualTo(SyncerState.RETRY_FULL_SYNC);
        syncer.resume();
        fixture.scheduler.runDue();
        assertThat(fixture.state.calls()).containsExactly("full", "full", "changes");
    }

    // §4.1: errors from syncChanges never change the state and never schedule a retry.
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

    // §4.1: shutdown during any wait ends the syncer at once; no timer fires afterwards.
    @Test
    void shutdownDuringAnyWaitEndsAtOnce() {
        StateSyncer starting = fixture.builder().startupStagger(s(10)).build();
        StateSyncer partial = fixture.started();
        fixture.state.thenFull(RecordingState.failing("down"));
        StateSyncer retrying = fixture.started();
        StateSyncer staggering = fixture.start(fixture.builder(MAXIMAL).build());
        staggering.triggerSyncFull();
        fixture.start(starting);
        for (StateSyncer syncer : new StateSyncer[] { starting, partial, retrying, staggering }) {
            syncer.close();
            assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        }
        int callsAtClose = fixture.state.calls().size();
        fixture.advance(Duration.ofHours(1));
        assertThat(fixture.state.calls()).hasSize(callsAtClose);
        assertThat(fixture.scheduler.pendingTasks()).isZero();
    }

    // §4.1: shutdown during a sync in flight waits for it; the loop ends right after, without another sync.
    @Test
    void shutdownDuringASyncLetsItFinishAndRunsNothingMore() {
        StateSyncer syncer = fixture.builder().build();
        fixture.state.thenFull(() -> {
            syncer.close(); // from inside the sync: returns at once
            syncer.triggerSyncChanges();
        });
        fixture.start(syncer);
        assertThat(fixture.state.calls()).containsExactly("full");
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        assertThat(syncer.status().lastFullSync().succeeded()).isTrue();
    }
}
