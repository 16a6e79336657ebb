package dev.antientropy.test;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.antientropy.Cancellable;
import dev.antientropy.SyncScheduler;

/**
 * A {@link SyncScheduler} on a virtual clock, for tests and simulations: time stands still until
 * {@link #advance(Duration)} moves it, and moving it runs every task that falls due, in order of due time
 * (then of submission), on the calling thread. A fake clock that moved without firing timers would hide bugs;
 * this one cannot.
 *
 * <pre>{@code
 * ManualSyncScheduler scheduler = new ManualSyncScheduler();
 * StateSyncer syncer = StateSyncer.builder(state).scheduler(scheduler).stagger(Stagger.none()).build();
 * syncer.start();
 * scheduler.runDue();                           // the first full sync
 * scheduler.advance(Duration.ofMinutes(1));     // the next periodic one
 * }</pre>
 *
 * <p>One thread drives the clock (calls {@code advance}); any thread may submit tasks. A sync that calls
 * {@code advance} itself models a sync that takes that long: while it runs, only {@link #watchdog} tasks fire
 * (they live on another thread in a real scheduler); the syncer's own tasks wait until the sync returns, as
 * they would behind a busy thread. Several syncers may share one instance; none of them closes it.
 */
public final class ManualSyncScheduler implements SyncScheduler {

    private final Instant origin;
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Task> loopTasks = new PriorityQueue<>(); // lock
    private final PriorityQueue<Task> watchdogTasks = new PriorityQueue<>(); // lock
    private long sequence; // lock: breaks ties between tasks due at the same time, first come first run
    private int live; // lock: tasks neither run nor cancelled
    private boolean closed; // lock
    private volatile long nanos; // written by the driving thread under lock, read by any thread
    private int loopTaskDepth; // driving thread only: above 0 while one of the syncer's own tasks runs

    /** Creates a scheduler whose wall clock starts at 2026-01-01T00:00:00Z. */
    public ManualSyncScheduler() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    /**
     * Creates a scheduler whose wall clock starts at the given instant.
     *
     * @param origin the wall-clock time at virtual time zero
     */
    public ManualSyncScheduler(Instant origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Instant now() {
        return origin.plusNanos(nanos);
    }

    /**
     * Returns the virtual time that has passed since this scheduler was made.
     *
     * @return the elapsed virtual time
     */
    public Duration elapsed() {
        return Duration.ofNanos(nanos);
    }

    /** Queues the task to run at the current virtual time, on the next {@link #advance} or {@link #runDue}. */
    @Override
    public void execute(Runnable task) {
        add(task, 0, false);
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        return add(task, nanosOf(delay), false);
    }

    @Override
    public Cancellable watchdog(Runnable task, Duration delay) {
        return add(task, nanosOf(delay), true);
    }

    /**
     * Moves the clock forward, running every task that falls due on the way, on this thread, each at its due
     * time. Tasks that a task schedules within the window run too.
     *
     * @param duration how far to move, zero or positive
     * @throws IllegalArgumentException when the duration is negative
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
        long target = plus(nanos, nanosOf(duration));
        while (true) {
            @Nullable Task next;
            lock.lock();
            try {
                next = pollDue(Math.max(target, nanos));
                if (next == null) {
                    nanos = Math.max(nanos, target);
                    return;
                }
                if (next.due > nanos) {
                    nanos = next.due;
                }
            } finally {
                lock.unlock();
            }
            runTask(next);
        }
    }

    /** Runs the tasks that are due now, without moving the clock: {@code advance(Duration.ZERO)}. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /**
     * Counts the tasks waiting to run.
     *
     * @return tasks neither run nor cancelled
     */
    public int pendingTasks() {
        lock.lock();
        try {
            return live;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns how far ahead the next task is due.
     *
     * @return the delay of the earliest waiting task, empty when none waits
     */
    public Optional<Duration> nextTaskDelay() {
        lock.lock();
        try {
            @Nullable Task head = earliest(peekLive(loopTasks), peekLive(watchdogTasks));
            return head == null ? Optional.empty() : Optional.of(Duration.ofNanos(Math.max(0, head.due - nanos)));
        } finally {
            lock.unlock();
        }
    }

    /** Drops every waiting task and every task submitted later. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            loopTasks.clear();
            watchdogTasks.clear();
            live = 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "ManualSyncScheduler[elapsed=" + elapsed() + ", pending=" + pendingTasks() + "]";
    }

    private Cancellable add(Runnable task, long delayNanos, boolean watchdog) {
        Objects.requireNonNull(task, "task");
        if (delayNanos < 0) {
            throw new IllegalArgumentException("delay must not be negative, was " + Duration.ofNanos(delayNanos));
        }
        lock.lock();
        try {
            Task scheduled = new Task(task, plus(nanos, delayNanos), sequence++, watchdog);
            if (closed) {
                scheduled.done = true;
                return scheduled;
            }
            (watchdog ? watchdogTasks : loopTasks).add(scheduled);
            live++;
            return scheduled;
        } finally {
            lock.unlock();
        }
    }

    /** Takes the next task due by {@code limit}; only watchdog tasks while one of the syncer's tasks runs. */
    private @Nullable Task pollDue(long limit) {
        @Nullable Task loopHead = loopTaskDepth > 0 ? null : peekLive(loopTasks);
        @Nullable Task next = earliest(loopHead, peekLive(watchdogTasks));
        if (next == null || next.due > limit) {
            return null;
        }
        (next.watchdog ? watchdogTasks : loopTasks).poll();
        next.done = true;
        live--;
        return next;
    }

    private void runTask(Task task) {
        if (task.watchdog) {
            task.run.run();
            return;
        }
        loopTaskDepth++;
        try {
            task.run.run();
        } finally {
            loopTaskDepth--;
        }
    }

    private static @Nullable Task peekLive(PriorityQueue<Task> queue) {
        @Nullable Task head = queue.peek();
        while (head != null && head.done) {
            queue.poll();
            head = queue.peek();
        }
        return head;
    }

    private static @Nullable Task earliest(@Nullable Task a, @Nullable Task b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Virtual times and delays are never negative here, so a sum can only overflow upwards: it saturates. */
    private static long plus(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** A duration in nanoseconds, saturating instead of throwing for durations beyond about 292 years. */
    private static long nanosOf(Duration duration) {
        try {
            return duration.toNanos();
        }
        catch (ArithmeticException tooLong) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private final class Task implements Cancellable, Comparable<Task> {

        final Runnable run;
        final long due;
        final long seq;
        final boolean watchdog;
        boolean done; // lock

        Task(Runnable run, long due, long seq, boolean watchdog) {
            this.run = run;
            this.due = due;
            this.seq = seq;
            this.watchdog = watchdog;
        }

        @Override
        public void cancel() {
            lock.lock();
            try {
                if (!done) {
                    done = true;
                    live--;
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int compareTo(Task other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(seq, other.seq);
        }
    }
}
