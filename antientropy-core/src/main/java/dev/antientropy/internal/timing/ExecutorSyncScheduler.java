package dev.antientropy.internal.timing;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.antientropy.Cancellable;
import dev.antientropy.SyncScheduler;

/**
 * The default {@link SyncScheduler}: one thread on the system clock, made by the given factory and named
 * {@code antientropy-NAME}, plus a watchdog thread {@code antientropy-NAME-watchdog} made on first use only
 * (when a sync timeout is set). An idle syncer costs no CPU: the thread sleeps until the next deadline or the
 * next request. An interrupt of an idle thread is ignored.
 */
public final class ExecutorSyncScheduler implements SyncScheduler {

    private final String threadName;
    private final ThreadFactory threadFactory;
    private final LoopExecutor loop;
    private final ReentrantLock watchdogLock = new ReentrantLock();
    private @Nullable ScheduledThreadPoolExecutor watchdogs; // watchdogLock: made on first use
    private boolean closed; // watchdogLock

    /**
     * Creates the scheduler; its thread starts with the first task.
     *
     * @param syncerName the syncer's name, part of every thread's name
     * @param threadFactory makes the threads; {@code null} for daemon platform threads
     */
    public ExecutorSyncScheduler(String syncerName, @Nullable ThreadFactory threadFactory) {
        this.threadName = "antientropy-" + Objects.requireNonNull(syncerName, "syncerName");
        this.threadFactory = threadFactory != null ? threadFactory : ExecutorSyncScheduler::daemonThread;
        this.loop = new LoopExecutor(named(this.threadFactory, threadName));
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
        try {
            loop.execute(task);
        }
        catch (RejectedExecutionException closedAlready) {
            // After close() tasks are dropped, as the contract says.
        }
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        try {
            return cancellable(loop.schedule(task, Nanos.of(delay), TimeUnit.NANOSECONDS));
        }
        catch (RejectedExecutionException closedAlready) {
            return () -> { };
        }
    }

    @Override
    public Cancellable watchdog(Runnable task, Duration delay) {
        ScheduledThreadPoolExecutor executor;
        watchdogLock.lock();
        try {
            if (closed) {
                return () -> { };
            }
            if (watchdogs == null) {
                watchdogs = newExecutor(named(threadFactory, threadName + "-watchdog"));
            }
            executor = watchdogs;
        }
        finally {
            watchdogLock.unlock();
        }
        try {
            return cancellable(executor.schedule(task, Nanos.of(delay), TimeUnit.NANOSECONDS));
        }
        catch (RejectedExecutionException closedAlready) {
            return () -> { };
        }
    }

    /**
     * Completes once the syncer's thread has run its last task after {@link #close()} and is exiting (at once
     * if it never started). {@link #awaitThreadEnd(long)} then waits out the exit itself.
     *
     * @return the termination of the syncer's thread
     */
    public CompletionStage<Void> termination() {
        return loop.terminated.minimalCompletionStage();
    }

    /**
     * Waits for the syncer's thread to end, for at most the given time; returns at once if the thread was
     * never made or the caller is that thread.
     *
     * @param timeoutNanos the longest wait in nanoseconds; zero or less waits without bound
     * @return {@code true} when the thread has ended (or never existed)
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitThreadEnd(long timeoutNanos) throws InterruptedException {
        Thread worker = loop.worker.get();
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

    @Override
    public void close() {
        loop.shutdown();
        watchdogLock.lock();
        try {
            closed = true;
            if (watchdogs != null) {
                watchdogs.shutdownNow();
            }
        }
        finally {
            watchdogLock.unlock();
        }
    }

    private static Cancellable cancellable(ScheduledFuture<?> future) {
        return () -> future.cancel(false);
    }

    private static Thread daemonThread(Runnable runnable) {
        Thread thread = Executors.defaultThreadFactory().newThread(runnable);
        thread.setDaemon(true);
        return thread;
    }

    private static ThreadFactory named(ThreadFactory factory, String name) {
        return runnable -> {
            Thread thread = factory.newThread(runnable);
            if (thread == null) {
                throw new IllegalStateException("thread factory " + factory + " made no thread for " + name);
            }
            thread.setName(name);
            return thread;
        };
    }

    private static ScheduledThreadPoolExecutor newExecutor(ThreadFactory factory) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, factory);
        configure(executor);
        return executor;
    }

    private static void configure(ScheduledThreadPoolExecutor executor) {
        // A cancelled timer leaves the queue at once: re-armed deadlines leave no garbage behind.
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    /** The syncer's single thread; tells when it has ended. */
    private static final class LoopExecutor extends ScheduledThreadPoolExecutor {

        final CompletableFuture<Void> terminated = new CompletableFuture<>();
        final AtomicReference<@Nullable Thread> worker; // set by the factory when it makes the thread

        LoopExecutor(ThreadFactory factory) {
            this(factory, new AtomicReference<>());
        }

        private LoopExecutor(ThreadFactory factory, AtomicReference<@Nullable Thread> worker) {
            super(1, runnable -> {
                Thread thread = factory.newThread(runnable);
                worker.set(thread);
                return thread;
            });
            this.worker = worker;
            configure(this);
        }

        @Override
        protected void terminated() {
            terminated.complete(null);
        }
    }
}
