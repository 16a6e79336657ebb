package dev.antientropy;

import static dev.antientropy.SyncerFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** What {@link StateSyncer#status()} shows, and the rules its records enforce. */
class StatusTests {

    private final SyncerFixture fixture = new SyncerFixture();

    @Test
    void aNewSyncerShowsNothingYet() {
        SyncStatus status = fixture.builder().build().status();
        assertThat(status.name()).isEqualTo("test");
        assertThat(status.state()).isEqualTo(SyncerState.NEW);
        assertThat(status.paused()).isFalse();
        assertThat(status.lastFullSync()).isNull();
        assertThat(status.lastPartialSync()).isNull();
        assertThat(status.lastFullSyncSuccess()).isNull();
        assertThat(status.nextFullSyncDue()).isNull();
        assertThat(status.inFlight()).isNull();
        assertThat(status.fullSyncs()).isZero();
        assertThat(status.clusterSize()).isEqualTo(1);
        assertThat(status.scaleFactor()).isEqualTo(1);
    }

    @Test
    void finishedSyncsAreRecordedWithTimeOutcomeAndDuration() {
        Instant origin = fixture.scheduler.now();
        fixture.state.thenFull(() -> fixture.advance(s(2)));
        StateSyncer syncer = fixture.started();
        SyncStatus status = syncer.status();
        assertThat(status.lastFullSync()).isEqualTo(new SyncResult(SyncType.FULL, origin, s(2), SyncOutcome.SUCCESS,
                null));
        assertThat(status.lastFullSync().finishedAt()).isEqualTo(origin.plus(s(2)));
        assertThat(status.lastFullSyncSuccess()).isEqualTo(origin.plus(s(2)));
        assertThat(status.nextFullSyncDue()).isEqualTo(origin.plus(s(62)));

        fixture.state.thenChanges(RecordingState.failing("refused"));
        syncer.triggerSyncChanges();
        fixture.scheduler.runDue();
        status = syncer.status();
        assertThat(status.lastPartialSync()).isEqualTo(new SyncResult(SyncType.CHANGES, origin.plus(s(2)),
                Duration.ZERO, SyncOutcome.FAILURE, "refused"));
        assertThat(status.partialSyncs()).isEqualTo(1);
        assertThat(status.partialSyncFailures()).isEqualTo(1);
        assertThat(status.fullSyncs()).isEqualTo(1);
        assertThat(status.fullSyncFailures()).isZero();
    }

    @Test
    void consecutiveFailuresCountUpAndResetOnSuccess() {
        fixture.state.thenFull(RecordingState.failing("1")).thenFull(RecordingState.failing("2"));
        StateSyncer syncer = fixture.started();
        assertThat(syncer.status().consecutiveFullSyncFailures()).isEqualTo(1);
        fixture.advance(s(15));
        assertThat(syncer.status().consecutiveFullSyncFailures()).isEqualTo(2);
        assertThat(syncer.status().lastFullSyncSuccess()).isNull();
        assertThat(syncer.status().nextFullSyncDue()).isEqualTo(fixture.scheduler.now().plus(s(15)));
        fixture.advance(s(15));
        assertThat(syncer.status().consecutiveFullSyncFailures()).isZero();
        assertThat(syncer.status().fullSyncs()).isEqualTo(3);
        assertThat(syncer.status().fullSyncFailures()).isEqualTo(2);
    }

    @Test
    void theSyncInFlightIsShownWhileItRuns() {
        AtomicReference<SyncStatus> during = new AtomicReference<>();
        StateSyncer[] syncer = new StateSyncer[1];
        fixture.state.thenFull(() -> {
            fixture.advance(s(5));
            during.set(syncer[0].status());
        });
        syncer[0] = fixture.builder().build();
        Instant origin = fixture.scheduler.now();
        fixture.start(syncer[0]);
        assertThat(during.get().state()).isEqualTo(SyncerState.FULL_SYNC);
        assertThat(during.get().inFlight()).isEqualTo(new SyncInFlight(SyncType.FULL, origin));
        assertThat(during.get().inFlight().runningFor(fixture.scheduler.now())).isEqualTo(s(5));
        assertThat(during.get().nextFullSyncDue()).isNull();
        assertThat(syncer[0].status().inFlight()).isNull();
    }

    @Test
    void thePauseDepthIsLive() {
        StateSyncer syncer = fixture.started();
        syncer.pause();
        syncer.pause();
        assertThat(syncer.status().pauseDepth()).isEqualTo(2);
        assertThat(syncer.status().paused()).isTrue();
        syncer.resume();
        syncer.resume();
        assertThat(syncer.status().paused()).isFalse();
    }

    @Test
    void aClosedSyncerShowsDoneAndNoDeadline() {
        StateSyncer syncer = fixture.started();
        syncer.close();
        SyncStatus status = syncer.status();
        assertThat(status.state()).isEqualTo(SyncerState.DONE);
        assertThat(status.nextFullSyncDue()).isNull();
        assertThat(status.fullSyncs()).isEqualTo(1);
        assertThat(syncer).hasToString("StateSyncer[test, DONE]");
    }

    @Test
    void recordsRefuseInconsistentParts() {
        Instant now = Instant.EPOCH;
        assertThatIllegalArgumentException().isThrownBy(
                () -> new SyncResult(SyncType.FULL, now, Duration.ZERO, SyncOutcome.FAILURE, null));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new SyncResult(SyncType.FULL, now, Duration.ZERO, SyncOutcome.SUCCESS, "error"));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new SyncResult(SyncType.FULL, now, s(-1), SyncOutcome.SUCCESS, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new SyncStatus("x", SyncerState.NEW, -1, null, null,
                null, 0, 0, 0, 0, 0, null, null, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new SyncStatus("x", SyncerState.NEW, 0, null, null,
                null, 1, 2, 0, 0, 0, null, null, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new SyncStatus("x", SyncerState.NEW, 0, null, null,
                null, 0, 0, 0, 0, 0, null, null, 0, 1));
    }

    @Test
    void settingsShowTheEffectiveTiming() {
        StateSyncer syncer = fixture.builder().interval(s(90)).syncTimeout(s(20)).startupStagger(s(5))
                .retryBackoff(1.5, s(120)).scaleThreshold(64).build();
        assertThat(syncer.settings()).isEqualTo(new SyncSettings("test", s(90), s(3), s(15), 64, s(20), s(5), 1.5,
                s(120)));
        assertThat(syncer.settings().backsOff()).isTrue();
        assertThat(syncer.name()).isEqualTo("test");
    }
}
