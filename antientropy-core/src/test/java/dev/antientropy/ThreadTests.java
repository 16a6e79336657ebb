package dev.antientropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * The syncer's own thread, on the real default scheduler: started once, named after the syncer, made by the
 * given factory (virtual threads too), not stopped by an interrupt. No sleeping: each wait is on a latch, a
 * future or an Awaitility condition, with a bound. A start that cannot make its threads is in
 * {@link StartFailureTests}.
 */
class ThreadTests extends RealThreadSupport {

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
    void theThreadIsNamedAfterTheSyncerAndEndsOnClose() {
        StateSyncer syncer = track(builder().build());
        syncer.start();
        await().atMost(BOUND).until(() -> state.calls.size() == 1);
        assertThat(state.threads).containsExactly("antientropy-catalog");
        Thread thread = ThreadKinds.named("antientropy-catalog").get(0);
        assertThat(thread.isDaemon()).isTrue();
        syncer.close();
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void anInterruptOfTheSyncerThreadIsNotAShutdown() throws Exception {
        StateSyncer syncer = track(builder().build());
        syncer.start();
        await().atMost(BOUND).until(() -> state.calls.size() == 1);
        Thread thread = ThreadKinds.named("antientropy-catalog").get(0);
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

    // Thread.ofVirtual() exists from Java 21; the core compiles for 17, so ThreadKinds finds it by reflection.
    @Test
    @EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need Java 21")
    void virtualThreadsWork() throws Exception {
        ThreadFactory factory = ThreadKinds.virtualOrNull();
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
}
