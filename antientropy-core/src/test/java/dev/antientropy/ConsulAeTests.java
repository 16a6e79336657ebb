package dev.antientropy;

import static dev.antientropy.SyncerFixture.MAXIMAL;
import static dev.antientropy.SyncerFixture.NANO;
import static dev.antientropy.SyncerFixture.ms;
import static dev.antientropy.SyncerFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.antientropy.test.ManualSyncScheduler;

/**
 * The 30 cases of Consul's {@code agent/ae/ae_test.go} (inventory: reference/consul-ae.md §4), ported to
 * virtual time. Each test names its case number and Go name. Go drives single FSM steps through event hooks;
 * here each case drives the real syncer to the state under test on a {@link ManualSyncScheduler} and checks
 * the transition through {@link StateSyncer#status()} and the calls made. Where this port deliberately
 * differs, the test says how.
 */
class ConsulAeTests {

    private final SyncerFixture fixture = new SyncerFixture();

    /** Drives a syncer into RETRY_FULL_SYNC by failing its first full sync. */
    private StateSyncer inRetry(StateSyncer.Builder builder) {
        fixture.state.thenFull(RecordingState.failing("remote down"));
        StateSyncer syncer = fixture.start(builder.build());
        assertThat(syncer.status().state()).isEqualTo(SyncerState.RETRY_FULL_SYNC);
        return syncer;
    }

    // ---------------------------------------------------------------- #1

    // Ports ae_test.go TestAE_scaleFactor (#1): 100 -> 1, 200 -> 2, 1000 -> 4, 10000 -> 8.
    @ParameterizedTest(name = "{0} nodes -> {1}")
    @CsvSource({ "100, 1", "200, 2", "1000, 4", "10000, 8" })
    void scaleFactorOfConsulsTable(int nodes, int factor) {
        assertThat(StateSyncer.scaleFactor(nodes)).isEqualTo(factor);
    }

    // ---------------------------------------------------------------- #2, #3: pause and resume

    // Ports TestAE_Pause_nestedPauseResume (#2). Differs: the unbalanced resume throws IllegalStateException and
    // leaves the depth at 0 (Go panics after decrementing to -1).
    @Test
    void nestedPauseResume() {
        StateSyncer syncer = fixture.builder().build();
        assertThat(syncer.isPaused()).isFalse();
        syncer.pause();
        assertThat(syncer.isPaused()).isTrue();
        syncer.pause();
        assertThat(syncer.isPaused()).isTrue();
        assertThat(syncer.resume()).isFalse();
        assertThat(syncer.isPaused()).isTrue();
        assertThat(syncer.resume()).isTrue();
        assertThat(syncer.isPaused()).isFalse();
        assertThatIllegalStateException().isThrownBy(syncer::resume).withMessageContaining("not paused");
        assertThat(syncer.status().pauseDepth()).isZero();
    }

    // Ports TestAE_Pause_ResumeTriggersSyncChanges (#3): the last resume requests a partial sync, not a full
    // one. Go polls the trigger channels; here the effect is what runs next.
    @Test
    void resumeTriggersSyncChanges() {
        StateSyncer syncer = fixture.started();
        syncer.pause();
        syncer.resume();
        fixture.scheduler.runDue();
        assertThat(fixture.state.calls()).containsExactly("full", "changes");
    }

    // ---------------------------------------------------------------- #4

    // Ports TestAE_staggerDependsOnClusterSize (#4): the stagger's range is the base times the scale factor
    // (Go replaces the random draw by the identity; here the draw records the maximum it is offered).
    @Test
    void staggerDependsOnClusterSize() {
        int[] size = { 1 };
        StateSyncer syncer = fixture.start(fixture.builder().interval(ms(10)).clusterSize(() -> size[0]).build());
        assertThat(fixture.staggerMaxima).last().isEqualTo(ms(10));
        size[0] = 256;
        fixture.advance(ms(10));
        assertThat(fixture.state.count("full")).isEqualTo(2);
        assertThat(fixture.staggerMaxima).last().isEqualTo(ms(20));
        assertThat(syncer.status().scaleFactor()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- #5, #6

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

    // Ports TestAE_Run_Quit "Run panics without ClusterSize" (#6a). Differs: there is always a cluster size
    // (default 1); a missing one is refused by the builder, before anything runs.
    @Test
    void missingClusterSizeIsRefusedByTheBuilder() {
        assertThatNullPointerException().isThrownBy(() -> fixture.builder().clusterSize(null))
                .withMessage("clusterSize must not be null");
    }

    // Ports TestAE_Run_Quit "runFSM quits" (#6b): the loop ends in DONE when shut down.
    @Test
    void loopQuitsOnShutdown() {
        StateSyncer syncer = fixture.started();
        syncer.close();
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        assertThat(fixture.scheduler.pendingTasks()).isZero();
    }

    // ---------------------------------------------------------------- #7 - #9: fullSync state

    @Nested
    class FullSyncState {

        // Ports TestAE_FSM/fullSyncState "Paused -> retryFullSyncState" (#7): no call.
        @Test
        void pausedGoesToRetryWithoutCallingSyncFull() {
            StateSyncer syncer = fixture.builder().build();
            syncer.pause();
            fixture.start(syncer);
            assertThat(syncer.status().state()).isEqualTo(SyncerState.RETRY_FULL_SYNC);
            assertThat(fixture.state.calls()).isEmpty();
        }

        // Ports TestAE_FSM/fullSyncState "SyncFull() error -> retryFullSyncState" (#8).
        @Test
        void failedFullSyncGoesToRetry() {
            fixture.state.thenFull(RecordingState.failing("no leader"));
            StateSyncer syncer = fixture.start(fixture.builder().build());
            assertThat(syncer.status().state()).isEqualTo(SyncerState.RETRY_FULL_SYNC);
            assertThat(syncer.status().lastFullSync().error()).isEqualTo("no leader");
        }

        // Ports TestAE_FSM/fullSyncState "SyncFull() OK -> partialSyncState" (#9).
        @Test
        void successfulFullSyncGoesToPartial() {
            StateSyncer syncer = fixture.started();
            assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
            assertThat(fixture.events).containsSubsequence("NEW -> FULL_SYNC", "FULL_SYNC -> PARTIAL_SYNC");
        }
    }

    // ---------------------------------------------------------------- #10 - #13: retryFullSync state

    @Nested
    class RetryFullSyncState {

        // Ports TestAE_FSM/retryFullSyncState "shutdownEvent -> doneState" (#10).
        @Test
        void shutdownGoesToDone() {
            StateSyncer syncer = inRetry(fixture.builder());
            syncer.close();
            fixture.advance(s(60));
            assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
            assertThat(fixture.state.calls()).containsExactly("full");
        }

        // Ports TestAE_FSM/retryFullSyncState "syncFullNotifEvent -> fullSyncState" (#11).
        @Test
        void fullSyncRequestGoesToFullSync() {
            StateSyncer syncer = inRetry(fixture.builder());
            syncer.triggerSyncFull();
            fixture.scheduler.runDue();
            assertThat(fixture.state.calls()).containsExactly("full", "full");
            assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
        }

        // Ports TestAE_FSM/retryFullSyncState "syncFullTimerEvent -> fullSyncState" (#12).
        @Test
        void retryTimerGoesToFullSync() {
            StateSyncer syncer = inRetry(fixture.builder());
            fixture.advance(s(15));
            assertThat(fixture.state.calls()).containsExactly("full", "full");
            assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
        }
    }

    // Ports TestAE_FSM "invalid event -> panic" (#13, #20) and "invalid state -> panic" (#21). Differs: events
    // and states are enums dispatched exhaustively, so an invalid one cannot be expressed. What remains of the
    // cases is "a bug in the loop stops it loudly": an error escaping the loop's own code (here the scheduler
    // failing) is logged at ERROR and ends the syncer in DONE, which health reports.
    @Test
    void anInternalErrorEndsTheSyncerInDone() {
        SyncScheduler broken = new SyncScheduler() {
            @Override
            public long nanoTime() {
                return fixture.scheduler.nanoTime();
            }

            @Override
            public java.time.Instant now() {
                return fixture.scheduler.now();
            }

            @Override
            public void execute(Runnable task) {
                fixture.scheduler.execute(task);
            }

            @Override
            public Cancellable schedule(Runnable task, Duration delay) {
                throw new IllegalStateException("timer wheel broken");
            }

            @Override
            public Cancellable watchdog(Runnable task, Duration delay) {
                return fixture.scheduler.watchdog(task, delay);
            }

            @Override
            public void close() {
            }
        };
        StateSyncer syncer = StateSyncer.builder(fixture.state).scheduler(broken).stagger(Stagger.none()).build();
        syncer.start();
        fixture.scheduler.runDue();
        assertThat(fixture.state.calls()).containsExactly("full");
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        syncer.triggerSyncChanges();
        fixture.scheduler.runDue();
        assertThat(fixture.state.calls()).containsExactly("full");
        assertThat(syncer.shutdown().toCompletableFuture()).isCompleted();
    }

    // ---------------------------------------------------------------- #14 - #19: partialSync state

    @Nested
    class PartialSyncState {

        // Ports TestAE_FSM/partialSyncState "shutdownEvent -> doneState" (#14).
        @Test
        void shutdownGoesToDone() {
            StateSyncer syncer = fixture.started();
            syncer.close();
            fixture.advance(s(600));
            assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
            assertThat(fixture.state.calls()).containsExactly("full");
        }

        // Ports TestAE_FSM/partialSyncState "syncFullNotifEvent -> fullSyncState" (#15).
        @Test
        void fullSyncRequestGoesToFullSync() {
            StateSyncer syncer = fixture.started();
            syncer.triggerSyncFull();
            fixture.scheduler.runDue();
            assertThat(fixture.state.calls()).containsExactly("full", "full");
            assertThat(fixture.events).containsSubsequence("PARTIAL_SYNC -> FULL_SYNC", "FULL_SYNC -> PARTIAL_SYNC");
            assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
        }

        // Ports TestAE_FSM/partialSyncState "syncFullTimerEvent -> fullSyncState" (#16).
        @Test
        void periodicTimerGoesToFullSync() {
            fixture.started();
            fixture.advance(s(60));
            assertThat(fixture.state.calls()).containsExactly("full", "full");
        }

        // Ports TestAE_FSM/partialSyncState "syncChangesEvent+Paused -> partialSyncState" (#17): no call; the
        // request is dropped (the last resume requests a partial sync again).
        @Test
        void changesWhilePausedStayWithoutCall() {
            StateSyncer syncer = fixture.started();
            syncer.pause();
            syncer.triggerSyncChanges();
            fixture.scheduler.runDue();
            assertThat(fixture.state.calls()).containsExactly("full");
            assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
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
    }

    // ---------------------------------------------------------------- #22 - #25: events while in retry

    @Nested
    class RetrySyncFullEvent {

        // Ports TestAE_RetrySyncFullEvent "trigger shutdownEvent" (#22).
        @Test
        void shutdown() {
            StateSyncer syncer = inRetry(fixture.builder());
            syncer.close();
            assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        }

        // Ports TestAE_RetrySyncFullEvent "trigger shutdownEvent during FullNotif" (#23): shutdown interrupts
        // the wait of a requested full sync's stagger.
        @Test
        void shutdownDuringTheStaggerOfARequestedFullSync() {
            StateSyncer syncer = inRetry(fixture.builder(MAXIMAL).retryFailInterval(s(60)));
            syncer.triggerSyncFull();
            fixture.advance(ms(100));
            syncer.close();
            fixture.advance(s(3));
            assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
            assertThat(fixture.state.calls()).containsExactly("full");
        }

        // Ports TestAE_RetrySyncFullEvent "trigger syncFullNotifEvent" (#24): serverUpInterval 10 ms; with the
        // largest stagger the requested full sync runs at 10 ms - 1 ns, never later.
        @Test
        void fullSyncRequest() {
            StateSyncer syncer = inRetry(fixture.builder(MAXIMAL).serverUpInterval(ms(10)));
            Duration requestedAt = fixture.scheduler.elapsed();
            syncer.triggerSyncFull();
            fixture.advance(ms(10).minus(NANO).minus(NANO));
            assertThat(fixture.state.count("full")).isEqualTo(1);
            fixture.advance(NANO);
            assertThat(fixture.state.fullTimes()).last().isEqualTo(requestedAt.plus(ms(10)).minus(NANO));
        }

        // Ports TestAE_RetrySyncFullEvent "trigger syncFullTimerEvent" (#25): retryFailInterval 10 ms, Go's
        // identity stagger adds 10 ms; here the retry falls in [10 ms, 20 ms).
        @Test
        void retryTimer() {
            inRetry(fixture.builder(MAXIMAL).retryFailInterval(ms(10)));
            fixture.advance(ms(20).minus(NANO).minus(NANO));
            assertThat(fixture.state.count("full")).isEqualTo(1);
            fixture.advance(NANO);
            assertThat(fixture.state.count("full")).isEqualTo(2);
        }
    }

    // ---------------------------------------------------------------- #26 - #30: events while in partialSync

    @Nested
    class SyncChangesEvent {

        // Ports TestAE_SyncChangesEvent "trigger shutdownEvent" (#26).
        @Test
        void shutdown() {
            StateSyncer syncer = fixture.started();
            syncer.close();
            assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        }

        // Ports TestAE_SyncChangesEvent "trigger shutdownEvent during FullNotif" (#27).
        @Test
        void shutdownDuringTheStaggerOfARequestedFullSync() {
            StateSyncer syncer = fixture.start(fixture.builder(MAXIMAL).build());
            syncer.triggerSyncFull();
            fixture.advance(ms(100));
            syncer.close();
            fixture.advance(s(3));
            assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
            assertThat(fixture.state.calls()).containsExactly("full");
        }

        // Ports TestAE_SyncChangesEvent "trigger syncFullNotifEvent" (#28): serverUpInterval 10 ms.
        @Test
        void fullSyncRequest() {
            StateSyncer syncer = fixture.start(fixture.builder(MAXIMAL).serverUpInterval(ms(10)).build());
            syncer.triggerSyncFull();
            fixture.advance(ms(10).minus(NANO).minus(NANO));
            assertThat(fixture.state.count("full")).isEqualTo(1);
            fixture.advance(NANO);
            assertThat(fixture.state.count("full")).isEqualTo(2);
        }

        // Ports TestAE_SyncChangesEvent "trigger syncFullTimerEvent" (#29). Differs: Go changes Interval after
        // the timer was armed, and the event still comes at the old deadline (~2 s). Here the interval is fixed
        // at build time, and the periodic timer fires exactly at the deadline the last full sync fixed.
        @Test
        void periodicTimer() {
            StateSyncer syncer = fixture.start(fixture.builder(MAXIMAL).interval(s(1)).build());
            assertThat(syncer.status().nextFullSyncDue()).isEqualTo(fixture.scheduler.now().plus(s(2)).minus(NANO));
            fixture.advance(s(2).minus(NANO).minus(NANO));
            assertThat(fixture.state.count("full")).isEqualTo(1);
            fixture.advance(NANO);
            assertThat(fixture.state.count("full")).isEqualTo(2);
        }

        // Ports TestAE_SyncChangesEvent "trigger syncChangesNotifEvent" (#30).
        @Test
        void changesRequest() {
            StateSyncer syncer = fixture.started();
            syncer.triggerSyncChanges();
            fixture.scheduler.runDue();
            assertThat(fixture.state.calls()).containsExactly("full", "changes");
        }
    }
}
