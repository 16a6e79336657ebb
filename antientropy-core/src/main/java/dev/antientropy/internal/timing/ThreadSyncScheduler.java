package dev.antientropy.internal.timing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.antientropy.Cancellable;
import dev.antientropy.SyncScheduler;

/**
 * The default {@link SyncScheduler}: one thread on the system clock, made by the given factory on the first
 * task and named {@code antientropy-NAME}, plus a watchdog thread {@code antientropy-NAME-watchdog} made on first
 * use only (when a sync timeout is set).
 *
 * <p>The thread runs ready tasks, then due timers, then parks until the next timer or until a submitter
 * unparks it; a submitter unparks only a parked thread. That is the JVM's plain hand-off, without the locks,
 * task objects and leader/follower dance of a {@code ScheduledThreadPoolExecutor}, so a request reaches an
 * idle syncer within a park/unpark of the floor. An idle syncer costs no CPU: no wake-up happens between
 * deadlines. An interrupt of the idle thread is ignored (cleared before parking).
 */
public final class ThreadSyncScheduler implements SyncScheduler {

    private static final Logger log = LoggerFactory.getLogger(ThreadSyncScheduler.class);

    private final String threadName;
    private final ThreadFactory threadFactory;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    /** Guards the fields below; never held while a task runs. */
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long sequence; // breaks ties between timers due at the same time: first scheduled, first run
    private @Nullable Thread thread; // made on the first task
    private volatile boolean closed; // written under the lock; read without it by the lock-free wake-up
    private @Nullable ThreadSyncScheduler watchdogs; // made on first use

    /** Written by the thread right before it parks and after; read by submitters to decide whether to unpark. */
    private volatile boolean parked;

    /**
     * The syncer's loop task, which {@link #execute} hands off without a lock or a queue: a flag that any thread
     * sets and the thread clears before running the task, so a burst of wake-ups runs it once.
     */
    private final @Nullable Runnable wakeTask;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile @Nullable Thread started; // the thread once made, for the lock-free wake-up

    /**
     * Creates the scheduler; its thread starts with the first task.
     *
     * @param syncerName the syncer's name, part of the thread's name
     * @param threadFactory makes the thread; {@code null} for a daemon platform thread
     */
    public ThreadSyncScheduler(String syncerName, @Nullable ThreadFactory threadFactory) {
        this(syncerName, threadFactory, null);
    }

    /**
     * Creates the scheduler with a wake task: {@code execute(wakeTask)} then costs a flag and, when the thread
     * sleeps, an unpark; never a lock or an allocation.
     *
     * @param syncerName the syncer's name, part of the thread's name
     * @param threadFactory makes the thread; {@code null} for a daemon platform thread
     * @param wakeTask the task executed again and again to wake the syncer's loop, or {@code null}
     */
    public ThreadSyncScheduler(String syncerName, @Nullable ThreadFactory threadFactory, @Nullable Runnable wakeTask) {
        this.threadName = "antientropy-" + Objects.requireNonNull(syncerName, "syncerName");
        this.threadFactory = threadFactory != null ? threadFactory : ThreadSyncScheduler::daemonThread;
        this.wakeTask = wakeTask;
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
        Objects.requireNonNull(task, "task");
        Thread running = started;
        if (task == wakeTask && running != null) {
            // Dekker with the thread: it sets parked, then reads wakePending; we set wakePending, then read parked.
            if (!wakePending.get() && wakePending.compareAndSet(false, true) && parked) {
                LockSupport.unpark(running);
            }
            return;
        }
        Thread wake;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (task == wakeTask) {
                wakePending.set(true); // the thread is being made: it looks at the flag first
            }
            else {
                ready.add(task);
            }
            wake = threadToWake();
        }
        finally {
            lock.unlock();
        }
        unpark(wake);
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task");
        Timer timer;
        Thread wake = null;
        lock.lock();
        try {
            if (closed) {
                return () -> { };
            }
            timer = new Timer(task, Nanos.add(System.nanoTime(), Math.max(0, Nanos.of(delay))), sequence++);
            timers.add(timer);
            if (timers.peek() == timer) {
                wake = threadToWake(); // an earlier deadline than the thread sleeps towards
            }
        }
        finally {
            lock.unlock();
        }
        if (wake != Thread.currentThread()) {
            unpark(wake);
        }
        return timer;
    }

    @Override
    public Cancellable watchdog(Runnable task, Duration delay) {
        ThreadSyncScheduler watchdog;
        lock.lock();
        try {
            if (closed) {
                return () -> { };
            }
            if (watchdogs == null) {
                watchdogs = new ThreadSyncScheduler(threadName.substring("antientropy-".length()) + "-watchdog",
                        threadFactory);
            }
            watchdog = watchdogs;
        }
        finally {
            lock.unlock();
        }
        return watchdog.schedule(task, delay);
    }

    /**
     * Completes once the thread has run its last task after {@link #close()} (at once if it never started).
     * {@link #awaitThreadEnd(long)} then waits out the thread's exit itself.
     *
     * @return the termination of the thread
     */
    public CompletionStage<Void> termination() {
        return terminated.minimalCompletionStage();
    }

    /**
     * Waits for the thread to end, for at most the given time; returns at once if the thread was never made
     * or the caller is that thread.
     *
     * @param timeoutNanos the longest wait in nanoseconds; zero or less waits without bound
     * @return {@code true} when the thread has ended (or never existed)
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitThreadEnd(long timeoutNanos) throws InterruptedException {
        Thread worker;
        lock.lock();
        try {
            worker = thread;
        }
        finally {
            lock.unlock();
        }
        if (worker == null || worker == Thread.currentThread()) {
            return true;
        }
        if (timeoutNanos <= 0) {
            worker.join();
        }
        else {
            TimeUnit.NANOSECONDS.timedJoin(worker, timeoutNanos);
        }
        return !worker.isAlive();
    }

    /** Drops waiting tasks and timers; the thread ends once the running task returns. Idempotent. */
    @Override
    public void close() {
        Thread worker;
        ThreadSyncScheduler watchdog;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            ready.clear();
            timers.clear();
            worker = thread;
            watchdog = watchdogs;
        }
        finally {
            lock.unlock();
        }
        if (watchdog != null) {
            watchdog.close();
        }
        if (worker == null) {
            terminated.complete(null);
        }
        else {
            LockSupport.unpark(worker);
        }
    }

    /** Under the lock: the thread to unpark after unlocking, starting it if this is the first task. */
    private @Nullable Thread threadToWake() {
        if (thread == null) {
            Thread made = threadFactory.newThread(this::run);
            if (made == null) {
                throw new IllegalStateException("thread factory " + threadFactory + " made no thread for " + threadName);
            }
            made.setName(threadName);
            thread = made;
            started = made;
            made.start();
            return null;
        }
        return parked ? thread : null;
    }

    private static void unpark(@Nullable Thread thread) {
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * The thread's loop: the wake task when flagged, then one ready task or due timer, in turns so that none
     * starves the others; when there was nothing to run, park until the next deadline or an unpark.
     */
    private void run() {
        try {
            while (!closed) {
                // An interrupt that reached the thread between tasks is not a shutdown, and no task must start
                // with it (nor park spin on it): only an interrupt aimed at a running sync counts.
                Thread.interrupted();
                boolean ran = false;
                if (wakePending.get()) {
                    wakePending.set(false);
                    runTask(wakeTask);
                    ran = true;
                }
                Runnable task;
                long waitNanos = 0;
                lock.lock();
                try {
                    if (closed) {
                        return;
                    }
                    task = ready.poll();
                    if (task == null) {
                        Timer head = timers.peek();
                        long now = System.nanoTime();
                        if (head == null) {
                            waitNanos = -1;
                        }
                        else if (head.due - now <= 0) {
                            timers.poll();
                            task = head.task;
                        }
                        else {
                            waitNanos = head.due - now;
                        }
                    }
                    if (task == null && !ran) {
                        // Tell submitters to unpark us before the last look under the lock: none can be missed.
                        parked = true;
                    }
                }
                finally {
                    lock.unlock();
                }
                if (task != null) {
                    runTask(task);
                    continue;
                }
                if (ran) {
                    continue;
                }
                if (!wakePending.get()) { // a lock-free wake-up that came after the look: run it, don't park
                    if (waitNanos < 0) {
                        LockSupport.park(this);
                    }
                    else {
                        LockSupport.parkNanos(this, waitNanos);
                    }
                }
                parked = false;
            }
        }
        finally {
            terminated.complete(null);
        }
    }

    private static void runTask(@Nullable Runnable task) {
        if (task == null) {
            return;
        }
        try {
            task.run();
        }
        catch (VirtualMachineError fatal) {
            throw fatal;
        }
        catch (Throwable ex) {
            log.error("task {} failed on the syncer's thread", task, ex);
        }
    }

    private static Thread daemonThread(Runnable runnable) {
        Thread thread = Executors.defaultThreadFactory().newThread(runnable);
        thread.setDaemon(true);
        return thread;
    }

    /** A scheduled task; cancelling removes it from the queue. */
    private final class Timer implements Cancellable, Comparable<Timer> {

        final Runnable task;
        final long due;
        final long seq;

        Timer(Runnable task, long due, long seq) {
            this.task = task;
            this.due = due;
            this.seq = seq;
        }

        @Override
        public void cancel() {
            lock.lock();
            try {
                timers.remove(this);
            }
            finally {
                lock.unlock();
            }
        }

        @Override
        public int compareTo(Timer other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(seq, other.seq);
        }
    }
}
