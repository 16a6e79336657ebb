package dev.antientropy;

import static dev.antientropy.SyncerFixture.MAXIMAL;
import static dev.antientropy.SyncerFixture.NANO;
import static dev.antientropy.SyncerFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * One test per known flaw of Consul's syncer that this port fixes (DESIGN.md, consul-ae.md §7). Each test
 * would fail on the original's behaviour; the comment says how the original behaves.
 */
class FixedFlawsTests {

    private final SyncerFixture fixture = new SyncerFixture();

    // Original (seed version): every partial sync re-arms the full-sync timer, so with a partial sync every
    // interval/2 no periodic full sync ever runs (anchor: 13 full syncs without partials, 0 with). Here the
    // deadline is fixed when a full sync ends: the same number with and without partial syncs.
    @Test
    void partialSyncsDoNotPostponeThePeriodicFullSync() {
        assertThat(fullSyncsIn20Intervals(false)).isEqualTo(21);
        assertThat(fullSyncsIn20Intervals(true)).isEqualTo(21);
    }

    private long fullSyncsIn20Intervals(boolean withPartialSyncs) {
        SyncerFixture run = new SyncerFixture();
        StateSyncer syncer = run.start(run.builder().interval(s(2)).build());
        for (int tick = 0; tick < 40; tick++) {
            run.advance(s(1));
            if (withPartialSyncs) {
                syncer.triggerSyncChanges();
                run.scheduler.runDue();
            }
        }
        assertThat(run.state.count("changes")).isEqualTo(withPartialSyncs ? 40 : 0);
        return run.state.count("full");
    }

    // Original: an unbalanced Resume panics after decrementing, leaving the counter at -1 (and the mutex held).
    // Here it throws and changes nothing: the syncer keeps working and pausing still nests.
    @Test
    void unbalancedResumeThrowsAndChangesNothing() {
        StateSyncer syncer = fixture.started();
        assertThatIllegalStateException().isThrownBy(syncer::resume)
                .withMessage("syncer 'test' is not paused: resume() without pause()");
        assertThat(syncer.status().pauseDepth()).isZero();
        assertThat(syncer.isPaused()).isFalse();
        syncer.triggerSyncChanges();
        fixture.scheduler.runDue();
        assertThat(fixture.state.calls()).containsExactly("full", "changes");
        syncer.pause();
        assertThat(syncer.resume()).isTrue();
    }

    // Original: a zero interval is accepted and the syncer spins on full syncs. Here the builder refuses it,
    // naming the parameter, the rule and the value.
    @Test
    void zeroOrNegativeIntervalsAreRefused() {
        StateSyncer.Builder builder = fixture.builder();
        assertThatIllegalArgumentException().isThrownBy(() -> builder.interval(Duration.ZERO))
                .withMessage("interval must be positive, was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.interval(s(-1)))
                .withMessage("interval must be positive, was PT-1S");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.serverUpInterval(Duration.ZERO))
                .withMessage("serverUpInterval must be positive, was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.retryFailInterval(Duration.ZERO))
                .withMessage("retryFailInterval must be positive, was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.syncTimeout(Duration.ZERO))
                .withMessage("syncTimeout must be positive, was PT0S");
    }

    // Original: Go's select picks at random among ready events. Here shutdown wins over everything that is
    // ready: a pending full-sync request and a pending partial-sync request never run once close() returns.
    @Test
    void shutdownWinsOverPendingRequests() {
        StateSyncer syncer = fixture.started();
        syncer.triggerSyncFull();
        syncer.triggerSyncChanges();
        syncer.close();
        fixture.advance(Duration.ofHours(1));
        assertThat(fixture.state.calls()).containsExactly("full");
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

    // Original: a full sync skipped while paused waits for the retry timer (15-30 s and more), since Resume only
    // triggers a partial sync. Here the last resume() brings it forward, still staggered by serverUpInterval.
    @Test
    void theLastResumeBringsASkippedFullSyncForward() {
        StateSyncer syncer = fixture.start(fixture.builder(MAXIMAL).build());
        syncer.pause();
        fixture.advance(s(120)); // the periodic full sync falls due (at 120 s - 1 ns) and is skipped
        assertThat(syncer.status().state()).isEqualTo(SyncerState.RETRY_FULL_SYNC);
        Duration resumedAt = fixture.scheduler.elapsed();
        syncer.resume();
        fixture.advance(s(3));
        assertThat(fixture.state.fullTimes()).containsExactly(Duration.ZERO, resumedAt.plus(s(3)).minus(NANO));
        assertThat(fixture.state.changesTimes()).containsExactly(resumedAt.plus(s(3)).minus(NANO));
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
}
