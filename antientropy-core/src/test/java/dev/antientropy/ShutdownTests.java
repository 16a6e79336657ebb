package dev.antientropy;

import static dev.antientropy.SyncerFixture.MAXIMAL;
import static dev.antientropy.SyncerFixture.ms;
import static dev.antientropy.SyncerFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * Shutdown ({@link StateSyncer#close()}, {@link StateSyncer#shutdown()}): from every state and during every
 * wait the syncer ends in DONE at once, a sync in flight finishes (or, past a bounded close, is interrupted), no
 * sync starts after, and close is idempotent and may come before start or from inside a sync. In virtual time,
 * and on a real thread for the waits. Cases ported from Consul's {@code agent/ae/ae_test.go} name their number
 * and Go test. The races of closing are in {@link CloseRaceTests}.
 */
class ShutdownTests extends RealThreadSupport {

    private final SyncerFixture fixture = new SyncerFixture();

    // Ports TestAE_Run_Quit "runFSM quits" (#6b): the loop ends in DONE when shut down.
    @Test
    void loopQuitsOnShutdown() {
        StateSyncer syncer = fixture.started();
        syncer.close();
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        assertThat(fixture.scheduler.pendingTasks()).isZero();
    }

    // Ports TestAE_FSM/retryFullSyncState "shutdownEvent -> doneState" (#10).
    @Test
    void inRetryShutdownGoesToDone() {
        StateSyncer syncer = fixture.inRetry(fixture.builder());
        syncer.close();
        fixture.advance(s(60));
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        assertThat(fixture.state.calls()).containsExactly("full");
    }

    // Ports TestAE_FSM/partialSyncState "shutdownEvent -> doneState" (#14).
    @Test
    void inPartialSyncShutdownGoesToDone() {
        StateSyncer syncer = fixture.started();
        syncer.close();
        fixture.advance(s(600));
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        assertThat(fixture.state.calls()).containsExactly("full");
    }

    // Ports TestAE_RetrySyncFullEvent "trigger shutdownEvent" (#22).
    @Test
    void whileRetryingShutdownEndsTheWait() {
        StateSyncer syncer = fixture.inRetry(fixture.builder());
        syncer.close();
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
    }

    // Ports TestAE_RetrySyncFullEvent "trigger shutdownEvent during FullNotif" (#23): shutdown interrupts
    // the wait of a requested full sync's stagger.
    @Test
    void whileRetryingShutdownEndsTheStaggerOfARequestedFullSync() {
        StateSyncer syncer = fixture.inRetry(fixture.builder(MAXIMAL).retryFailInterval(s(60)));
        syncer.triggerSyncFull();
        fixture.advance(ms(100));
        syncer.close();
        fixture.advance(s(3));
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        assertThat(fixture.state.calls()).containsExactly("full");
    }

    // Ports TestAE_SyncChangesEvent "trigger shutdownEvent" (#26).
    @Test
    void whileInPartialSyncShutdownEndsTheWait() {
        StateSyncer syncer = fixture.started();
        syncer.close();
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
    }

    // Ports TestAE_SyncChangesEvent "trigger shutdownEvent during FullNotif" (#27).
    @Test
    void whileInPartialSyncShutdownEndsTheStaggerOfARequestedFullSync() {
        StateSyncer syncer = fixture.start(fixture.builder(MAXIMAL).build());
        syncer.triggerSyncFull();
        fixture.advance(ms(100));
        syncer.close();
        fixture.advance(s(3));
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        assertThat(fixture.state.calls()).containsExactly("full");
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

    // Implied by the original (acceptance case): shutdown during any wait ends the syncer at once; no timer fires
    // afterwards.
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

    // Implied by the original (acceptance case): shutdown during a sync in flight waits for it; the loop ends right
    // after, without another sync.
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

    @Test
    void closeBeforeStartIsFineAndRunsNothing() {
        StateSyncer syncer = track(builder().build());
        syncer.triggerSyncChanges();
        syncer.close();
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        assertThat(state.calls).isEmpty();
        assertThat(ThreadKinds.named("antientropy-catalog")).isEmpty();
    }

    @Test
    void closeTwiceIsFine() {
        StateSyncer syncer = track(builder().build());
        syncer.start();
        await().atMost(BOUND).until(() -> state.calls.size() == 1);
        syncer.close();
        syncer.close();
        assertThat(syncer.close(Duration.ZERO)).isTrue();
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
    }

    @Test
    void closeWaitsForTheSyncInFlightAndNoSyncRunsAfterIt() throws Exception {
        state.block = true;
        StateSyncer syncer = track(builder().build());
        syncer.start();
        assertThat(state.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        syncer.triggerSyncChanges();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(syncer::close);
        await().atMost(BOUND).until(() -> syncer.status().state() == SyncerState.FULL_SYNC);
        assertThat(closing).isNotDone();
        assertThat(syncer.status().inFlight()).isNotNull();
        state.release();
        closing.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        assertThat(state.calls).containsExactly("full");
        assertThat(ThreadKinds.named("antientropy-catalog")).isEmpty();
    }

    @Test
    void closeFromInsideASyncDoesNotWaitForItself() throws Exception {
        AtomicReference<StateSyncer> self = new AtomicReference<>();
        state.onFull = () -> self.get().close();
        StateSyncer syncer = track(builder().build());
        self.set(syncer);
        syncer.start();
        await().atMost(BOUND).until(() -> syncer.status().state() == SyncerState.DONE);
        assertThat(ThreadKinds.named("antientropy-catalog")).allSatisfy(thread -> thread.join(BOUND.toMillis()));
        assertThat(syncer.status().lastFullSync().succeeded()).isTrue();
    }

    @Test
    void boundedCloseInterruptsASyncThatOutlivesIt() throws Exception {
        state.block = true;
        StateSyncer syncer = track(builder().build());
        syncer.start();
        assertThat(state.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(syncer.close(Duration.ofMillis(50))).isFalse();
        syncer.shutdown().toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(syncer.status().lastFullSync().error()).contains("still running when close(50ms) gave up");
        assertThat(state.interrupted.get()).isEqualTo(1);
    }
}
