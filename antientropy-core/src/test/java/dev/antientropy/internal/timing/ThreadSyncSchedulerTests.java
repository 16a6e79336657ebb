package dev.antientropy.internal.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.antientropy.Cancellable;

/** The default scheduler's thread: order, cancel, close, and what it does with interrupts and failures. */
class ThreadSyncSchedulerTests {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final ThreadSyncScheduler scheduler = new ThreadSyncScheduler("antientropy-probe", null);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws InterruptedException {
        scheduler.close();
        assertThat(scheduler.awaitThreadEnd(BOUND.toNanos())).isTrue();
    }

    @Test
    void noThreadUntilStartAndItIsNamedAndDaemon() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        scheduler.execute(() -> {
            thread.set(Thread.currentThread());
            done.countDown();
        });
        assertThat(threads()).isEmpty();
        assertThat(done.getCount()).isOne();
        scheduler.start();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(thread.get().getName()).isEqualTo("antientropy-probe");
        assertThat(thread.get().isDaemon()).isTrue();
    }

    @Test
    void tasksRunBeforeTimersAndTimersInDueOrder() throws Exception {
        scheduler.start();
        // Hold the thread while submitting, so that a slow submitter (a loaded machine) cannot let the timers
        // fall due before the task is queued: once released, the thread finds all three ready.
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        scheduler.execute(() -> {
            running.countDown();
            block(release);
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        // "late" is scheduled first, due later: only a gap of over 499 ms between these two calls could swap their
        // due times (with 40 and 20 ms, a submitter descheduled for 20 ms on a loaded machine did).
        long scheduled = System.nanoTime();
        scheduler.schedule(() -> ran.add("late"), Duration.ofMillis(500));
        scheduler.schedule(() -> ran.add("early"), Duration.ofMillis(1));
        scheduler.execute(() -> ran.add("now"));
        // Both timers must be due while the thread is held: wait for that moment of the clock, with a bound.
        await().atMost(BOUND).until(() -> System.nanoTime() - scheduled >= Duration.ofMillis(510).toNanos());
        release.countDown();
        await().atMost(BOUND).until(() -> ran.size() == 3);
        assertThat(ran).containsExactly("now", "early", "late");
    }

    @Test
    void aCancelledTimerDoesNotRun() {
        scheduler.start();
        Cancellable cancelled = scheduler.schedule(() -> ran.add("cancelled"), Duration.ofMillis(20));
        scheduler.schedule(() -> ran.add("kept"), Duration.ofMillis(40));
        cancelled.cancel();
        await().atMost(BOUND).until(() -> ran.contains("kept"));
        assertThat(ran).containsExactly("kept");
    }

    @Test
    void anInterruptOfTheIdleThreadIsIgnoredAndDoesNotReachTheNextTask() throws Exception {
        scheduler.start();
        AtomicReference<Thread> thread = new AtomicReference<>();
        scheduler.execute(() -> thread.set(Thread.currentThread()));
        await().atMost(BOUND).until(() -> thread.get() != null && thread.get().getState() == Thread.State.WAITING);
        thread.get().interrupt();
        List<Boolean> interrupted = new CopyOnWriteArrayList<>();
        scheduler.execute(() -> interrupted.add(Thread.currentThread().isInterrupted()));
        await().atMost(BOUND).until(() -> interrupted.size() == 1);
        assertThat(interrupted).containsExactly(false);
        assertThat(thread.get().isAlive()).isTrue();
    }

    @Test
    void aFailingTaskDoesNotEndTheThread() {
        scheduler.start();
        scheduler.execute(() -> {
            throw new IllegalStateException("boom");
        });
        scheduler.execute(() -> ran.add("after"));
        await().atMost(BOUND).until(() -> ran.contains("after"));
    }

    @Test
    void closeDropsWaitingWorkAndEndsTheThread() throws Exception {
        scheduler.start();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        scheduler.execute(() -> {
            running.countDown();
            block(release);
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        scheduler.execute(() -> ran.add("dropped"));
        scheduler.schedule(() -> ran.add("dropped timer"), Duration.ZERO);
        scheduler.close();
        scheduler.execute(() -> ran.add("after close"));
        assertThat(scheduler.termination().toCompletableFuture()).isNotDone();
        release.countDown();
        scheduler.termination().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(scheduler.awaitThreadEnd(BOUND.toNanos())).isTrue();
        assertThat(ran).isEmpty();
        assertThat(threads()).isEmpty();
    }

    @Test
    void closeBeforeStartTerminatesAtOnceAndStartMakesNoThread() {
        scheduler.close();
        assertThat(scheduler.termination().toCompletableFuture()).isCompleted();
        scheduler.start();
        assertThat(threads()).isEmpty();
    }

    // The lock-free wake path: any number of threads call wake() in bursts; every burst is followed by a run of
    // the wake task that starts after the burst's last wake() returned (none is lost), and a burst costs fewer
    // runs than wakes (they coalesce).
    @Test
    void wakeUpsAreNeverLostAndCoalesce() throws Exception {
        AtomicLong published = new AtomicLong(); // bumped after each burst of wake() calls returned
        AtomicLong seen = new AtomicLong(); // the largest value a run of the wake task saw when it started
        AtomicLong runs = new AtomicLong();
        ThreadSyncScheduler waking = new ThreadSyncScheduler("antientropy-wake", null, null, () -> {
            runs.incrementAndGet();
            seen.accumulateAndGet(published.get(), Math::max);
        });
        waking.start();
        int wakers = 4;
        int rounds = 2_000;
        long wakes = 0;
        try {
            for (int round = 1; round <= rounds; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> threads = new java.util.ArrayList<>();
                for (int w = 0; w < wakers; w++) {
                    Thread thread = new Thread(() -> {
                        block(go);
                        waking.wake();
                    });
                    thread.start();
                    threads.add(thread);
                }
                go.countDown();
                for (Thread thread : threads) {
                    thread.join();
                }
                wakes += wakers;
                published.set(round);
                waking.wake();
                wakes++;
                long expected = round;
                await().atMost(BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                        .until(() -> seen.get() >= expected);
            }
        }
        finally {
            waking.close();
            assertThat(waking.awaitThreadEnd(BOUND.toNanos())).isTrue();
        }
        assertThat(runs.get()).isLessThan(wakes);
    }

    @Test
    void aWakeBeforeStartRunsOnceStarted() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        ThreadSyncScheduler waking = new ThreadSyncScheduler("antientropy-early", null, null, ran::countDown);
        waking.wake();
        waking.wake();
        assertThat(ran.getCount()).isOne();
        waking.start();
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        waking.close();
        assertThat(waking.awaitThreadEnd(BOUND.toNanos())).isTrue();
    }

    // A wake-up that comes while the wake task runs is not absorbed by that run: the task runs once more after it,
    // never beside it (the loop relies on both: a request during a pass is looked at, and passes never overlap).
    @Test
    void aWakeDuringTheWakeTaskRunsItOnceMoreAfterwardsNeverBesideIt() throws Exception {
        CountDownLatch firstRunStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong runs = new AtomicLong();
        AtomicLong running = new AtomicLong();
        AtomicLong overlaps = new AtomicLong();
        ThreadSyncScheduler waking = new ThreadSyncScheduler("antientropy-rewake", null, null, () -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            if (runs.incrementAndGet() == 1) {
                firstRunStarted.countDown();
                block(release);
            }
            running.decrementAndGet();
        });
        try {
            waking.start();
            waking.wake();
            assertThat(firstRunStarted.await(10, TimeUnit.SECONDS)).isTrue();
            waking.wake();
            waking.wake();
            release.countDown();
            await().atMost(BOUND).until(() -> runs.get() == 2);
            CountDownLatch drained = new CountDownLatch(1);
            waking.execute(drained::countDown); // runs after any wake-up still pending: none may be
            assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(runs.get()).isEqualTo(2);
            assertThat(overlaps.get()).isZero();
        }
        finally {
            waking.close();
            assertThat(waking.awaitThreadEnd(BOUND.toNanos())).isTrue();
        }
    }

    @Test
    void aWakeAfterCloseIsDropped() throws Exception {
        AtomicLong runs = new AtomicLong();
        ThreadSyncScheduler waking = new ThreadSyncScheduler("antientropy-closed", null, null, runs::incrementAndGet);
        waking.start();
        waking.close();
        waking.wake();
        assertThat(waking.awaitThreadEnd(BOUND.toNanos())).isTrue();
        assertThat(runs.get()).isZero();
    }

    @Test
    void aSchedulerMadeWithoutAWakeTaskRefusesToWake() {
        assertThatIllegalStateException().isThrownBy(scheduler::wake)
                .withMessage("antientropy-probe has no wake task");
    }

    @Test
    void theWatchdogThreadIsMadeAtStartRunsWhileTheThreadIsBusyAndEndsWithIt() throws Exception {
        ThreadSyncScheduler withWatchdog = new ThreadSyncScheduler("antientropy-busy", "antientropy-busy-watchdog",
                null, null);
        withWatchdog.start();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .contains("antientropy-busy", "antientropy-busy-watchdog");
        CountDownLatch release = new CountDownLatch(1);
        List<String> where = new CopyOnWriteArrayList<>();
        withWatchdog.execute(() -> block(release));
        withWatchdog.watchdog(() -> {
            where.add(Thread.currentThread().getName());
            release.countDown();
        }, Duration.ofMillis(10));
        assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(where).containsExactly("antientropy-busy-watchdog");
        withWatchdog.close();
        assertThat(withWatchdog.awaitThreadEnd(BOUND.toNanos())).isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("antientropy-busy", "antientropy-busy-watchdog");
    }

    @Test
    void aStartThatCannotMakeTheWatchdogThreadEndsTheThreadItMade() throws Exception {
        AtomicLong made = new AtomicLong();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        ThreadSyncScheduler failing = new ThreadSyncScheduler("antientropy-half", "antientropy-half-watchdog",
                runnable -> {
                    if (made.incrementAndGet() > 1) {
                        throw new IllegalStateException("no second thread");
                    }
                    Thread thread = new Thread(runnable);
                    thread.setDaemon(true);
                    threads.add(thread);
                    return thread;
                }, null);
        org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(failing::start)
                .withMessage("no second thread");
        failing.termination().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(failing.awaitThreadEnd(BOUND.toNanos())).isTrue();
        assertThat(threads).singleElement().satisfies(thread -> assertThat(thread.isAlive()).isFalse());
        failing.execute(() -> { });
    }

    private static void block(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Thread> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("antientropy-probe"))
                .toList();
    }
}
