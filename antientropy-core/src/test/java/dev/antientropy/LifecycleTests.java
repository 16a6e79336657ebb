package dev.antientropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * Start, close and threads, on the real default scheduler (a thread of the syncer's own). No sleeping: each
 * wait is on a latch, a future or an Awaitility condition, with a bound.
 */
class LifecycleTests {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final List<StateSyncer> syncers = new CopyOnWriteArrayList<>();
    private final BlockingState state = new BlockingState();

    @AfterEach
    void closeAll() {
        state.release();
        syncers.forEach(syncer -> syncer.close(BOUND));
    }

    private StateSyncer.Builder builder() {
        return StateSyncer.builder(state).name("catalog").stagger(Stagger.none());
    }

    private StateSyncer track(StateSyncer syncer) {
        syncers.add(syncer);
        return syncer;
    }

    @Test
    void startTwiceIsRefused() {
        StateSyncer syncer = track(builder().build());
        syncer.start();
        assertThatIllegalStateException().isThrownBy(syncer::start).withMessage("syncer 'catalog' was already started");
    }

    @Test
    void startAfterCloseIsRefused() {
        StateSyncer syncer = track(builder().build());
        syncer.close();
        assertThatIllegalStateException().isThrownBy(syncer::start)
                .withMessage("syncer 'catalog' is closed; build a new one");
    }

    @Test
    void closeBeforeStartIsFineAndRunsNothing() {
        StateSyncer syncer = track(builder().build());
        syncer.triggerSyncChanges();
        syncer.close();
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        assertThat(state.calls).isEmpty();
        assertThat(threadsNamed("antientropy-catalog")).isEmpty();
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
    void theThreadIsNamedAfterTheSyncerAndEndsOnClose() {
        StateSyncer syncer = track(builder().build());
        syncer.start();
        await().atMost(BOUND).until(() -> state.calls.size() == 1);
        assertThat(state.threads).containsExactly("antientropy-catalog");
        Thread thread = threadsNamed("antientropy-catalog").get(0);
        assertThat(thread.isDaemon()).isTrue();
        syncer.close();
        assertThat(thread.isAlive()).isFalse();
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
        assertThat(threadsNamed("antientropy-catalog")).isEmpty();
    }

    @Test
    void closeFromInsideASyncDoesNotWaitForItself() throws Exception {
        AtomicReference<StateSyncer> self = new AtomicReference<>();
        state.onFull = () -> self.get().close();
        StateSyncer syncer = track(builder().build());
        self.set(syncer);
        syncer.start();
        await().atMost(BOUND).until(() -> syncer.status().state() == SyncerState.DONE);
        assertThat(threadsNamed("antientropy-catalog")).allSatisfy(thread -> thread.join(BOUND.toMillis()));
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

    @Test
    void anInterruptOfTheSyncerThreadIsNotAShutdown() throws Exception {
        StateSyncer syncer = track(builder().build());
        syncer.start();
        await().atMost(BOUND).until(() -> state.calls.size() == 1);
        Thread thread = threadsNamed("antientropy-catalog").get(0);
        thread.interrupt(); // while idle
        syncer.triggerSyncChanges();
        await().atMost(BOUND).until(() -> state.calls.size() == 2);
        state.block = true;
        state.entered = new CountDownLatch(1);
        syncer.triggerSyncChanges();
        assertThat(state.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        thread.interrupt(); // during a sync: that sync fails, the syncer goes on
        await().atMost(BOUND).until(() -> syncer.status().partialSyncFailures() == 1);
        state.block = false;
        syncer.triggerSyncChanges();
        await().atMost(BOUND).until(() -> state.calls.size() == 4);
        assertThat(syncer.status().state()).isEqualTo(SyncerState.PARTIAL_SYNC);
        assertThat(state.interruptedAtEntry.get()).isZero();
    }

    @Test
    void theThreadComesFromTheGivenFactory() {
        AtomicInteger made = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            made.incrementAndGet();
            return new Thread(runnable, "from-factory");
        };
        StateSyncer syncer = track(builder().threadFactory(factory).build());
        syncer.start();
        await().atMost(BOUND).until(() -> state.calls.size() == 1);
        assertThat(made).hasValue(1);
        assertThat(state.threads).containsExactly("antientropy-catalog");
    }

    // Thread.ofVirtual() exists from Java 21; the core compiles for 17, so the factory comes by reflection.
    @Test
    @EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need Java 21")
    void virtualThreadsWork() throws Exception {
        Object virtualBuilder = Thread.class.getMethod("ofVirtual").invoke(null);
        ThreadFactory factory = (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory")
                .invoke(virtualBuilder);
        AtomicReference<Boolean> virtual = new AtomicReference<>();
        state.onFull = () -> virtual.set((Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
        StateSyncer syncer = track(builder().threadFactory(factory).build());
        syncer.start();
        syncer.triggerSyncChanges();
        await().atMost(BOUND).until(() -> state.calls.size() == 2);
        assertThat(virtual.get()).isTrue();
        assertThat(state.threads).containsExactly("antientropy-catalog", "antientropy-catalog");
        syncer.close();
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
    }

    @Test
    void pauseThenWhenIdleQuiescesWithoutStopping() throws Exception {
        state.block = true;
        StateSyncer syncer = track(builder().build());
        syncer.start();
        assertThat(state.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        syncer.pause();
        CompletableFuture<Void> idle = syncer.whenIdle().toCompletableFuture();
        assertThat(idle).isNotDone();
        syncer.triggerSyncChanges();
        state.release();
        idle.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(syncer.status().inFlight()).isNull();
        assertThat(syncer.whenIdle().toCompletableFuture()).isCompleted();
        assertThat(state.calls).containsExactly("full");
        syncer.resume();
        await().atMost(BOUND).until(() -> state.calls.size() == 2);
        assertThat(state.calls).containsExactly("full", "changes");
    }

    private static List<Thread> threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).toList();
    }

    /** A state whose syncs can block until released; records calls, threads and interrupts. */
    static final class BlockingState implements SyncState {

        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final AtomicInteger interrupted = new AtomicInteger();
        final AtomicInteger interruptedAtEntry = new AtomicInteger();
        volatile CountDownLatch entered = new CountDownLatch(1);
        volatile boolean block;
        volatile RecordingState.Behaviour onFull = () -> { };
        private final CountDownLatch released = new CountDownLatch(1);

        @Override
        public void syncFull() throws Exception {
            sync("full");
            onFull.run();
        }

        @Override
        public void syncChanges() throws Exception {
            sync("changes");
        }

        private void sync(String call) throws InterruptedException {
            if (Thread.currentThread().isInterrupted()) {
                interruptedAtEntry.incrementAndGet();
            }
            calls.add(call);
            threads.add(Thread.currentThread().getName());
            entered.countDown();
            if (block) {
                try {
                    released.await();
                }
                catch (InterruptedException ex) {
                    interrupted.incrementAndGet();
                    throw ex;
                }
            }
        }

        void release() {
            block = false;
            released.countDown();
        }
    }
}
