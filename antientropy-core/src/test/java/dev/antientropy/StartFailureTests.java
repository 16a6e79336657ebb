package dev.antientropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A start that cannot make its threads (issue 15, item 3), with platform and virtual threads where the kind
 * matters. What a failed start means: {@link StateSyncer#start()}
 * throws the factory's exception, the syncer is {@link SyncerState#DONE} and no sync runs, triggers never throw
 * (they are dropped, as after close) and {@link StateSyncer#close()} returns at once.
 */
class StartFailureTests {

    private static final long BOUND_SECONDS = 10;

    private final AtomicInteger syncs = new AtomicInteger();

    private final SyncState state = new SyncState() {
        @Override
        public void syncFull() {
            syncs.incrementAndGet();
        }

        @Override
        public void syncChanges() {
            syncs.incrementAndGet();
        }
    };

    // Item 3a. Old code: start() threw, and close() then hung forever.
    @Test
    void aThreadWhoseStartThrowsFailsTheStartAndCloseReturns() throws Exception {
        OutOfMemoryError noThread = new OutOfMemoryError("unable to create native thread: possibly out of memory");
        StateSyncer syncer = StateSyncer.builder(state).name("oom").threadFactory(runnable -> new Thread(runnable) {
            @Override
            public synchronized void start() {
                throw noThread;
            }
        }).build();
        assertThatThrownBy(syncer::start).isSameAs(noThread);
        assertFailedStart(syncer);
    }

    // Item 3a with threads of either kind: the factory hands out a thread that has already run, so its start()
    // throws (IllegalThreadStateException). Old code: start() threw, and close() then hung forever.
    @ParameterizedTest(name = "{0} threads")
    @EnumSource(ThreadKind.class)
    void aThreadThatCannotStartFailsTheStartAndCloseReturns(ThreadKind kind) throws Exception {
        ThreadFactory threads = kind.explicitFactory();
        StateSyncer syncer = StateSyncer.builder(state).name("spent-" + kind).threadFactory(runnable -> {
            Thread spent = threads.newThread(() -> { });
            spent.start();
            join(spent);
            return spent;
        }).build();
        assertThatThrownBy(syncer::start).isInstanceOf(IllegalThreadStateException.class);
        assertFailedStart(syncer);
    }

    // Item 3b. Old code: the syncer stayed "started" without a thread, start() again said "already started",
    // the next trigger threw the factory's exception and later triggers were lost.
    @Test
    void aFactoryThatThrowsFailsTheStart() throws Exception {
        IllegalStateException refused = new IllegalStateException("thread limit reached");
        StateSyncer syncer = StateSyncer.builder(state).name("refused").threadFactory(runnable -> {
            throw refused;
        }).build();
        assertThatThrownBy(syncer::start).isSameAs(refused);
        assertFailedStart(syncer);
    }

    // Item 3b as found: a factory that throws at first and makes threads of either kind afterwards. The failed
    // start is final: a retry of start() is refused (the syncer is closed) and makes no thread, so the factory
    // coming back changes nothing; no trigger throws and close() returns.
    @ParameterizedTest(name = "{0} threads")
    @EnumSource(ThreadKind.class)
    void aFactoryThatThrowsAtFirstFailsTheStartForGood(ThreadKind kind) throws Exception {
        ThreadFactory threads = kind.explicitFactory();
        AtomicInteger asked = new AtomicInteger();
        StateSyncer syncer = StateSyncer.builder(state).name("flaky-" + kind).threadFactory(runnable -> {
            if (asked.incrementAndGet() == 1) {
                throw new IllegalStateException("thread limit reached");
            }
            return threads.newThread(runnable);
        }).build();
        assertThatIllegalStateException().isThrownBy(syncer::start).withMessage("thread limit reached");
        assertFailedStart(syncer);
        assertThat(asked).as("no thread asked for after the failed start").hasValue(1);
    }

    @Test
    void aFactoryThatMakesNoThreadFailsTheStart() throws Exception {
        StateSyncer syncer = StateSyncer.builder(state).name("null").threadFactory(runnable -> null).build();
        assertThatIllegalStateException().isThrownBy(syncer::start).withMessageContaining("made no thread");
        assertFailedStart(syncer);
    }

    // Item 3c. Old code: the watchdog thread was made inside the first sync, so a factory good for one thread
    // started the syncer, which then stopped (DONE) before syncFull() ran.
    @ParameterizedTest(name = "{0} threads")
    @EnumSource(ThreadKind.class)
    void withASyncTimeoutEveryThreadIsMadeAtStart(ThreadKind kind) throws Exception {
        ThreadFactory threads = kind.explicitFactory();
        AtomicInteger made = new AtomicInteger();
        ThreadFactory oneThread = runnable -> {
            if (made.incrementAndGet() > 1) {
                throw new IllegalStateException("one thread only");
            }
            return threads.newThread(runnable);
        };
        StateSyncer syncer = StateSyncer.builder(state).name("one-" + kind).threadFactory(oneThread)
                .syncTimeout(Duration.ofSeconds(30)).build();
        assertThatIllegalStateException().isThrownBy(syncer::start).withMessage("one thread only");
        assertFailedStart(syncer);
    }

    @ParameterizedTest(name = "{0} threads")
    @EnumSource(ThreadKind.class)
    void aStartThatSucceedsMakesItsThreadsThen(ThreadKind kind) throws Exception {
        ThreadFactory threads = kind.explicitFactory();
        AtomicInteger made = new AtomicInteger();
        StateSyncer syncer = StateSyncer.builder(state).name("both-" + kind).threadFactory(runnable -> {
            made.incrementAndGet();
            return threads.newThread(runnable);
        }).syncTimeout(Duration.ofSeconds(30)).build();
        assertThat(made).hasValue(0);
        syncer.start();
        assertThat(made).as("the loop's thread and the watchdog's").hasValue(2);
        assertThat(syncer.close(Duration.ofSeconds(BOUND_SECONDS))).isTrue();
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private void assertFailedStart(StateSyncer syncer) throws Exception {
        assertThat(syncer.status().state()).isEqualTo(SyncerState.DONE);
        syncer.triggerSyncChanges();
        syncer.triggerSyncFull();
        syncer.triggerSyncChanges();
        assertThatIllegalStateException().isThrownBy(syncer::start).withMessageContaining("is closed");
        OwnThread.runWithin(Duration.ofSeconds(BOUND_SECONDS), syncer::close);
        assertThat(syncer.close(Duration.ZERO)).isTrue();
        assertThat(syncs).hasValue(0);
    }
}
