package dev.antientropy;

import static dev.antientropy.SyncerFixture.MAXIMAL;
import static dev.antientropy.SyncerFixture.NANO;
import static dev.antientropy.SyncerFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The full sync: the first one at start, then one per interval after the last one ended (a deadline that
 * partial syncs never move), each success leading to PARTIAL_SYNC. In virtual time. Cases ported from Consul's
 * {@code agent/ae/ae_test.go} name their number and Go test; a fixed flaw of the original says how it behaved.
 */
class FullSyncTests {

    private final SyncerFixture fixture = new SyncerFixture();

    // Ports TestAE_FSM/fullSyncState "SyncFull() OK -> partialSyncState" (#9).
    @Test
    void successfulFullSyncGoesToPartial() {
        StateSyncer syncer = fixture.started();
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
        assertThat(fixture.events).containsSubsequence("NEW -> FULL_SYNC", "FULL_SYNC -> PARTIAL_SYNC");
    }

    // Ports TestAE_FSM/partialSyncState "syncFullTimerEvent -> fullSyncState" (#16).
    @Test
    void periodicTimerGoesToFullSync() {
        fixture.started();
        fixture.advance(s(60));
        assertThat(fixture.state.calls()).containsExactly("full", "full");
    }

    // Ports TestAE_SyncChangesEvent "trigger syncFullTimerEvent" (#29). Differs: Go changes Interval after
    // the timer was armed, and the event still comes at the old deadline (~2 s). Here the interval is fixed
    // at build time, and the periodic timer fires exactly at the deadline the last full sync fixed.
    @Test
    void whileInPartialSyncThePeriodicTimerFiresAtItsDeadline() {
        StateSyncer syncer = fixture.start(fixture.builder(MAXIMAL).interval(s(1)).build());
        assertThat(syncer.status().nextFullSyncDue()).isEqualTo(fixture.scheduler.now().plus(s(2)).minus(NANO));
        fixture.advance(s(2).minus(NANO).minus(NANO));
        assertThat(fixture.state.count("full")).isEqualTo(1);
        fixture.advance(NANO);
        assertThat(fixture.state.count("full")).isEqualTo(2);
    }

    // Original (seed version): every partial sync re-arms the full-sync timer, so with a partial sync every
    // interval/2 no periodic full sync ever runs (anchor: 13 full syncs without partials, 0 with). Here the
    // deadline is fixed when a full sync ends: the same number with and without partial syncs.
    @Test
    void partialSyncsDoNotPostponeThePeriodicFullSync() {
        assertThat(fullSyncsIn20Intervals(false)).isEqualTo(21);
        assertThat(fullSyncsIn20Intervals(true)).isEqualTo(21);
    }

    // Implied by the original (acceptance case): periodic full syncs happen even when partial syncs arrive more often
    // than the interval.
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
}
