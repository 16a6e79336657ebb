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
import dev.antientropy.Cancellable;
import dev.antientropy.SyncScheduler;
import dev.antientropy.internal.log.SyncLog;

/**
 * The default {@link SyncScheduler}: one thread on the system clock, plus a watchdog thread when the syncer has
 * a sync timeout, both made by the given factory and named as the constructor says, at {@link #start()}; tasks
 * submitted before wait for it. A start that cannot make or start a thread throws, closes this scheduler and
 * leaves no thread behind. {@link #awaitThreadEnd(long)} waits for both threads.
 *
 * <p>The thread runs ready tasks, then due timers, then parks until the next timer or until a submitter
 * unparks it; a submitter unparks only a parked thread. That is the JVM's plain hand-off, without the locks,
 * task objects and leader/follower dance of a {@code ScheduledThreadPoolExecutor}, so a request reaches an
 * idle syncer within a park/unpark of the floor. An idle syncer costs no CPU: no wake-up happens between
 * deadlines. An interrupt of the idle thread is ignored (cleared before parking).
 */
public final class ThreadSyncScheduler implements SyncScheduler {

    private final String threadName;
    private final ThreadFactory threadFactory;
    private final @Nullable ThreadSyncScheduler watchdogs; // made with this one when a watchdog thread is named
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    /** Guards the fields below; never held while a task runs. */
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long sequence; // breaks ties between timers due at the same time: first scheduled, first run
    private @Nullable Thread thread; // made and started by start()
    private boolean startCalled;
    private volatile boolean closed; // written under the lock; read without it by the lock-free wake-up

    /** Written by the thread right before it parks and after; read by submitters to decide whether to unpark. */
    private volatile boolean parked;

    /**
     * The task {@link #wake()} hands off without a lock or a queue: a flag that any thread sets and the thread
     * clears before running the task, so a burst of wake-ups runs it once.
     */
    private final @Nullable Runnable wakeTask;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile @Nullable Thread started; // the thread once made, for the lock-free wake-up

    /**
     * Creates the scheduler, without a watchdog thread or a wake task; nothing runs before {@link #start()}.
     *
     * @param threadName the name of its thread
     * @param threadFactory makes the thread; {@code null} for a daemon platform thread
     */
    public ThreadSyncScheduler(String threadName, @Nullable ThreadFactory threadFactory) {
        this(threadName, null, threadFactory, null);
    }

    /**
     * Creates the scheduler; nothing runs before {@link #start()}.
     *
     * @param threadName the name of its thread
     * @param watchdogThreadName the name of the watchdog thread, or {@code null} for none ({@link #watchdog}
     *     then refuses)
     * @param threadFactory makes the threads; {@code null} for daemon platform threads
     * @param wakeTask the task {@link #wake()} runs (the syncer's loop), or {@code null} for none
     */
    public ThreadSyncScheduler(String threadName, @Nullable String watchdogThreadName,
            @Nullable ThreadFactory threadFactory, @Nullable Runnable wakeTask) {
        this.threadName = Objects.requireNonNull(threadName, "threadName");
        this.threadFactory = threadFactory != null ? threadFactory : ThreadSyncScheduler::daemonThread;
        this.wakeTask = wakeTask;
        this.watchdogs = watchdogThreadName == null ? null
                : new ThreadSyncScheduler(watchdogThreadName, null, this.threadFactory, null);
    }

    /**
     * Makes and starts the thread, and the watchdog thread if any. On failure (the factory throws or returns
     * {@code null}, or a thread's {@code start()} throws, as the JVM's "unable to create native thread") this
     * scheduler is closed, a thread already started ends, and the failure is thrown.
     *
     * @throws IllegalStateException when called twice, or when the factory made no thread
     */
    public void start() {
        lock.lock();
        try {
            if (startCalled) {
                throw new IllegalStateException(threadName + " was already started");
            }
            startCalled = true;
            if (closed) {
                return;
            }
        }
        finally {
            lock.unlock();
        }
        try {
            startThread();
            if (watchdogs != null) {
                watchdogs.start();
            }
        }
        catch (RuntimeException | Error failed) {
            close();
            throw failed;
        }
    }

    /**
     * Tells whether the calling thread is one of this scheduler's threads.
     *
     * @return {@code true} on its thread or its watchdog thread
     */
    public boolean isOwnThread() {
        Thread current = Thread.currentThread();
        return current == started || (watchdogs != null && watchdogs.isOwnThread());
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    /**
     * Runs the wake task given to the constructor soon on the thread; a burst of wake-ups before it runs runs it
     * once. Costs a flag and, when the thread is parked, an unpark: never a lock, a queue or an allocation. Never
     * blocks; before {@link #start()} the thread runs it once started; after {@link #close()} it is dropped.
     *
     * @throws IllegalStateException when this scheduler was made without a wake task
     */
    public void wake() {
        if (wakeTask == null) {
            throw new IllegalStateException(threadName + " has no wake task");
        }
        // Dekker with the thread: it sets parked, then reads wakePending; we set wakePending, then read parked.
        if (!wakePending.get() && wakePending.compareAndSet(false, true) && parked) {
            Thread running = started;
            if (running != null) {
                LockSupport.unpark(running);
            }
        }
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        Thread wake;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            ready.add(task);
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

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when this scheduler was made without a watchdog thread
     */
    @Override
    public Cancellable watchdog(Runnable task, Duration delay) {
        if (watchdogs == null) {
            throw new IllegalStateException(threadName + " has no watchdog thread");
        }
        return watchdogs.schedule(task, delay);
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
     * Waits for the thread and the watchdog thread to end, for at most the given time in all; a thread never
     * made counts as ended. The caller must not be one of them ({@link #isOwnThread()}).
     *
     * @param timeoutNanos the longest wait in nanoseconds; zero or less waits without bound
     * @return {@code true} when both threads have ended (or never existed)
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
        long deadline = System.nanoTime() + timeoutNanos;
        if (worker != null && worker != Thread.currentThread()) {
            if (timeoutNanos <= 0) {
                worker.join();
            }
            else {
                TimeUnit.NANOSECONDS.timedJoin(worker, timeoutNanos);
            }
            if (worker.isAlive()) {
                return false;
            }
        }
        if (watchdogs == null) {
            return true;
        }
        return watchdogs.awaitThreadEnd(timeoutNanos <= 0 ? 0 : Math.max(1, deadline - System.nanoTime()));
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
            wakePending.set(false);
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

    /** Makes and starts the thread; on failure no thread is recorded, so nothing waits for one. */
    private void startThread() {
        Thread made = threadFactory.newThread(this::run);
        if (made == null) {
            throw new IllegalStateException("thread factory " + threadFactory + " made no thread for " + threadName);
        }
        made.setName(threadName);
        made.start(); // may throw (no native thread): then it never ran and is not recorded
        lock.lock();
        try {
            thread = made;
        }
        finally {
            lock.unlock();
        }
        started = made;
        LockSupport.unpark(made); // tasks submitted before start are waiting
    }

    /** Under the lock: the thread to unpark after unlocking, if it is parked. */
    private @Nullable Thread threadToWake() {
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
                    if (closed) {
                        return; // a wake() after close() is dropped: its flag was set after closed, so we see both
                    }
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
            SyncLog.error("task " + SyncLog.name(task) + " failed on thread " + Thread.currentThread().getName(), ex);
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
