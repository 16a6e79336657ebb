package dev.antientropy.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import dev.antientropy.Cancellable;
import dev.antientropy.SyncScheduler;

/**
 * EXPERIMENT, not a product, and superseded: the core's default scheduler ({@code ThreadSyncScheduler}) has
 * worked this way since sitting 3; this class stays to reproduce the sittings 1-2 "before" figures and the
 * {@code lean} rows. What the trigger path would cost if the syncer's wake-up did not go through a
 * {@code ScheduledThreadPoolExecutor}. Plugged in through the public {@link SyncScheduler} seam, so the core is
 * unchanged. The syncer hands {@link #execute} the same loop task every time; here that task (the first one
 * ever executed) is a flag: setting it again while it is pending allocates nothing and takes no lock, and the
 * thread is unparked only when it sleeps. Other tasks and timers take a lock; the thread parks until the
 * earliest timer. Used by {@code TriggerBenchmark.lean*} and {@code LatencyProbe lean} to size the change
 * proposed for the core in {@code benchmarks/README.md}.
 */
final class LeanSyncScheduler implements SyncScheduler {

    private final Thread thread;
    private volatile Runnable hot; // the first task executed: the syncer's loop task
    private final AtomicBoolean hotPending = new AtomicBoolean(); // any thread sets, the thread clears
    private final ConcurrentLinkedQueue<Runnable> others = new ConcurrentLinkedQueue<>();
    private final ReentrantLock timerLock = new ReentrantLock();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(); // timerLock
    private long sequence; // timerLock
    private volatile boolean sleeping; // the thread sets before it parks, clears after
    private volatile boolean closed;
    private final CountDownLatch ended = new CountDownLatch(1);
    private ScheduledExecutorService watchdogs; // made on first use; the experiment never uses it

    LeanSyncScheduler(String name) {
        thread = new Thread(this::run, "antientropy-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public void execute(Runnable task) {
        if (hot == null) {
            synchronized (this) {
                if (hot == null) {
                    hot = task;
                }
            }
        }
        if (task == hot) {
            if (hotPending.get() || hotPending.getAndSet(true)) {
                return; // already pending: nothing to do
            }
        }
        else {
            others.add(task);
        }
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        Timer timer;
        timerLock.lock();
        try {
            timer = new Timer(task, System.nanoTime() + delay.toNanos(), sequence++);
            timers.add(timer);
        }
        finally {
            timerLock.unlock();
        }
        if (sleeping && Thread.currentThread() != thread) {
            LockSupport.unpark(thread);
        }
        return timer;
    }

    @Override
    public synchronized Cancellable watchdog(Runnable task, Duration delay) {
        if (watchdogs == null) {
            watchdogs = Executors.newSingleThreadScheduledExecutor();
        }
        ScheduledFuture<?> future = watchdogs.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        synchronized (this) {
            if (watchdogs != null) {
                watchdogs.shutdownNow();
            }
        }
    }

    /** Waits for the thread to end after {@link #close()}. */
    void awaitTermination() throws InterruptedException {
        ended.await();
    }

    private void run() {
        try {
            while (!closed) {
                boolean ran = false;
                if (hotPending.get()) {
                    hotPending.set(false);
                    hot.run();
                    ran = true;
                }
                Runnable other;
                while ((other = others.poll()) != null) {
                    other.run();
                    ran = true;
                }
                long waitNanos = runDueTimers();
                if (ran || waitNanos == 0) {
                    continue;
                }
                sleeping = true;
                if (!hotPending.get() && others.isEmpty() && !closed && runDueTimers() != 0) {
                    if (waitNanos < 0) {
                        LockSupport.park(this);
                    }
                    else {
                        LockSupport.parkNanos(this, waitNanos);
                    }
                }
                sleeping = false;
            }
        }
        finally {
            ended.countDown();
        }
    }

    /** Runs the timers that are due; returns nanos until the next one, -1 for none, 0 if one ran. */
    private long runDueTimers() {
        boolean ran = false;
        while (true) {
            Timer due;
            long now = System.nanoTime();
            timerLock.lock();
            try {
                Timer head = timers.peek();
                while (head != null && head.cancelled) {
                    timers.poll();
                    head = timers.peek();
                }
                if (head == null) {
                    return ran ? 0 : -1;
                }
                if (head.due - now > 0) {
                    return ran ? 0 : head.due - now;
                }
                due = timers.poll();
            }
            finally {
                timerLock.unlock();
            }
            due.task.run();
            ran = true;
        }
    }

    private static final class Timer implements Cancellable, Comparable<Timer> {

        final Runnable task;
        final long due;
        final long seq;
        volatile boolean cancelled;

        Timer(Runnable task, long due, long seq) {
            this.task = task;
            this.due = due;
            this.seq = seq;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(seq, other.seq);
        }
    }
}
