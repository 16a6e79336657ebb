package dev.antientropy.internal.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.antientropy.Cancellable;

/** The default scheduler's thread: order, cancel, close, and what it does with interrupts and failures. */
class ThreadSyncSchedulerTests {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final ThreadSyncScheduler scheduler = new ThreadSyncScheduler("probe", null);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws InterruptedException {
        scheduler.close();
        assertThat(scheduler.awaitThreadEnd(BOUND.toNanos())).isTrue();
    }

    @Test
    void noThreadUntilTheFirstTaskAndItIsNamedAndDaemon() throws Exception {
        assertThat(threads()).isEmpty();
        AtomicReference<Thread> thread = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        scheduler.execute(() -> {
            thread.set(Thread.currentThread());
            done.countDown();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(thread.get().getName()).isEqualTo("antientropy-probe");
        assertThat(thread.get().isDaemon()).isTrue();
    }

    @Test
    void tasksRunBeforeTimersAndTimersInDueOrder() throws Exception {
        // Hold the thread while submitting, so that a slow submitter (a loaded machine) cannot let the timers
        // fall due before the task is queued: once released, the thread finds all three ready.
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        scheduler.execute(() -> {
            running.countDown();
            block(release);
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        scheduler.schedule(() -> ran.add("late"), Duration.ofMillis(40));
        scheduler.schedule(() -> ran.add("early"), Duration.ofMillis(20));
        scheduler.execute(() -> ran.add("now"));
        Thread.sleep(60); // not to pass: to let both timers fall due while the thread is held
        release.countDown();
        await().atMost(BOUND).until(() -> ran.size() == 3);
        assertThat(ran).containsExactly("now", "early", "late");
    }

    @Test
    void aCancelledTimerDoesNotRun() {
        Cancellable cancelled = scheduler.schedule(() -> ran.add("cancelled"), Duration.ofMillis(20));
        scheduler.schedule(() -> ran.add("kept"), Duration.ofMillis(40));
        cancelled.cancel();
        await().atMost(BOUND).until(() -> ran.contains("kept"));
        assertThat(ran).containsExactly("kept");
    }

    @Test
    void anInterruptOfTheIdleThreadIsIgnoredAndDoesNotReachTheNextTask() throws Exception {
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
        scheduler.execute(() -> {
            throw new IllegalStateException("boom");
        });
        scheduler.execute(() -> ran.add("after"));
        await().atMost(BOUND).until(() -> ran.contains("after"));
    }

    @Test
    void closeDropsWaitingWorkAndEndsTheThread() throws Exception {
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
    void closeBeforeAnyTaskTerminatesAtOnce() {
        scheduler.close();
        assertThat(scheduler.termination().toCompletableFuture()).isCompleted();
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
