package dev.antientropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.antientropy.test.ManualSyncScheduler;

/**
 * The request contract (DESIGN: "requesting never blocks and never throws"; issue 15): a trigger returns at once
 * while the syncer's thread is held in a sync or in a listener, and throws nothing when a listener, stagger,
 * scheduler or thread factory does, the unreadable exceptions of item 4 included, before start, after a failed
 * start and after close. On real threads of both kinds; the serving is awaited with a bound far below the
 * periodic timer (one hour), so a request that waits for the timer fails the test.
 */
class RequestNeverBlocksOrThrowsTests {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final int CALLS = 10_000;

    private final AtomicInteger fulls = new AtomicInteger();
    private final AtomicInteger changes = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean holdFull;

    private final SyncState state = new SyncState() {
        @Override
        public void syncFull() throws InterruptedException {
            fulls.incrementAndGet();
            if (holdFull) {
                release.await();
            }
        }

        @Override
        public void syncChanges() {
            changes.incrementAndGet();
        }
    };

    private StateSyncer syncer;

    @AfterEach
    void closeSyncer() {
        release.countDown();
        if (syncer != null) {
            assertThat(syncer.close(BOUND)).isTrue();
        }
    }

    private StateSyncer.Builder builder(ThreadKind kind) {
        return kind.on(StateSyncer.builder(state).name("requests-" + kind)).interval(HOUR).serverUpInterval(HOUR)
                .stagger(Stagger.none());
    }

    /** Every kind of request, {@link #CALLS} times each, from another thread, within the bound. */
    private static void requestsReturnAtOnce(StateSyncer syncer) throws Exception {
        OwnThread.runWithin(BOUND, () -> {
            for (int i = 0; i < CALLS; i++) {
                syncer.triggerSyncChanges();
                syncer.triggerSyncFull();
                syncer.pause();
                syncer.resume();
            }
        });
    }

    @ParameterizedTest(name = "{0} threads")
    @EnumSource(ThreadKind.class)
    void requestsReturnWhileASyncHoldsTheSyncersThread(ThreadKind kind) throws Exception {
        holdFull = true;
        syncer = builder(kind).build();
        syncer.start();
        await().atMost(BOUND).until(() -> fulls.get() == 1);
        requestsReturnAtOnce(syncer);
        assertThat(syncer.status().inFlight()).as("the sync still holds the thread").isNotNull();
        holdFull = false;
        release.countDown();
        await().atMost(BOUND).until(() -> fulls.get() == 2 && changes.get() == 1);
    }

    @ParameterizedTest(name = "{0} threads")
    @EnumSource(ThreadKind.class)
    void requestsReturnWhileAListenerHoldsTheSyncersThread(ThreadKind kind) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        syncer = builder(kind).listener(new SyncListener() {
            @Override
            public void stateChanged(String name, SyncerState from, SyncerState to) {
                if (to == SyncerState.PARTIAL_SYNC && held.getCount() > 0) {
                    held.countDown();
                    CloseRaceTests.awaitQuietly(release);
                }
            }
        }).build();
        syncer.start();
        assertThat(held.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        requestsReturnAtOnce(syncer);
        release.countDown();
        await().atMost(BOUND).until(() -> fulls.get() == 2 && changes.get() == 1);
    }

    // Item 4, trigger path, on real threads. Old code: the logger read the message of the listener's exception
    // outside the guard, after the wake bit was set: the trigger threw, and it and later ones waited for the
    // periodic timer (here an hour).
    @ParameterizedTest(name = "{0} threads")
    @EnumSource(ThreadKind.class)
    void aListenerThrowingUnreadableExceptionsNeitherEscapesATriggerNorDelaysIt(ThreadKind kind) {
        syncer = builder(kind).listener(new SyncListener() {
            @Override
            public void syncRequested(String name, SyncType type, boolean coalesced) {
                throw new HostileUserCodeTests.Unreadable();
            }

            @Override
            public void syncStarted(String name, SyncType type) {
                throw new HostileUserCodeTests.Unreadable();
            }

            @Override
            public void syncFinished(String name, SyncType type, Duration duration, Throwable failure) {
                throw new HostileUserCodeTests.Unreadable();
            }

            @Override
            public void stateChanged(String name, SyncerState from, SyncerState to) {
                throw new HostileUserCodeTests.Unreadable();
            }
        }).build();
        syncer.start();
        await().atMost(BOUND).until(() -> syncer.status().state() == SyncerState.PARTIAL_SYNC);
        for (int round = 1; round <= 3; round++) {
            syncer.triggerSyncChanges();
            int served = round;
            await().atMost(BOUND).until(() -> changes.get() == served);
            syncer.triggerSyncFull();
            await().atMost(BOUND).until(() -> fulls.get() == served + 1);
        }
        assertThat(syncer.status().state()).isNotEqualTo(SyncerState.DONE);
    }

    // Item 4, stagger path, on real threads. Old code: describing the stagger's exception escaped the guard on the
    // syncer's thread, which stopped (DONE): the requested full sync never ran.
    @ParameterizedTest(name = "{0} threads")
    @EnumSource(ThreadKind.class)
    void aStaggerThrowingAnUnreadableExceptionNeitherEscapesNorDelaysARequestedFullSync(ThreadKind kind) {
        syncer = builder(kind).stagger(max -> {
            throw new HostileUserCodeTests.Unreadable();
        }).build();
        syncer.start();
        await().atMost(BOUND).until(() -> fulls.get() == 1 && syncer.status().state() == SyncerState.PARTIAL_SYNC);
        for (int round = 1; round <= 3; round++) {
            syncer.triggerSyncFull();
            int served = round + 1;
            await().atMost(BOUND).until(() -> fulls.get() == served);
        }
        syncer.triggerSyncChanges();
        await().atMost(BOUND).until(() -> changes.get() == 1);
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
    }

    // A scheduler that refuses to run the loop (its execute() throws, unreadably): the trigger throws nothing, and
    // the request is served with the next timer.
    @Test
    void aSchedulerThatRefusesTheLoopMakesNoTriggerThrow() {
        ManualSyncScheduler manual = new ManualSyncScheduler();
        AtomicBoolean refuse = new AtomicBoolean();
        SyncScheduler refusing = new SyncScheduler() {
            @Override
            public long nanoTime() {
                return manual.nanoTime();
            }

            @Override
            public Instant now() {
                return manual.now();
            }

            @Override
            public void execute(Runnable task) {
                if (refuse.get()) {
                    throw new HostileUserCodeTests.Unreadable();
                }
                manual.execute(task);
            }

            @Override
            public Cancellable schedule(Runnable task, Duration delay) {
                return manual.schedule(task, delay);
            }

            @Override
            public Cancellable watchdog(Runnable task, Duration delay) {
                return manual.watchdog(task, delay);
            }

            @Override
            public void close() {
                manual.close();
            }
        };
        StateSyncer refused = StateSyncer.builder(state).name("refused").scheduler(refusing).stagger(Stagger.none())
                .build();
        refused.start();
        manual.runDue();
        assertThat(fulls).hasValue(1);
        refuse.set(true);
        refused.triggerSyncChanges();
        refused.triggerSyncFull();
        refused.triggerSyncChanges();
        manual.runDue();
        assertThat(changes).hasValue(0);
        manual.advance(Duration.ofMinutes(1));
        assertThat(fulls).hasValue(2);
        assertThat(changes).hasValue(1);
        refused.close();
    }

    @ParameterizedTest(name = "{0} threads")
    @EnumSource(ThreadKind.class)
    void requestsBeforeStartAndAfterCloseThrowNothing(ThreadKind kind) throws Exception {
        syncer = builder(kind).build();
        requestsReturnAtOnce(syncer);
        syncer.start();
        await().atMost(BOUND).until(() -> fulls.get() == 1 && changes.get() == 1);
        assertThat(syncer.close(BOUND)).isTrue();
        requestsReturnAtOnce(syncer);
        assertThat(fulls).hasValue(1);
        assertThat(changes).hasValue(1);
    }
}
