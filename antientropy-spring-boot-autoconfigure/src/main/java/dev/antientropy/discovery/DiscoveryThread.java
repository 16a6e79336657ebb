package dev.antientropy.discovery;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.antientropy.Cancellable;
import dev.antientropy.SyncScheduler;

/**
 * The {@link SyncScheduler} of {@link FleetMembership} outside tests: one daemon thread named
 * {@code antientropy-discovery} on the system clock. A call into discovery may block for seconds; it blocks this
 * thread and no syncer. Thread-safe.
 */
final class DiscoveryThread implements SyncScheduler {

    static final String NAME = "antientropy-discovery";

    private final ScheduledThreadPoolExecutor executor; // thread-safe itself

    DiscoveryThread() {
        executor = new ScheduledThreadPoolExecutor(1, (task) -> {
            Thread thread = new Thread(task, NAME);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy()); // after close(): dropped
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
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
        executor.execute(task);
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public Cancellable watchdog(Runnable task, Duration delay) {
        return schedule(task, delay);
    }

    /** Stops the thread, interrupting a discovery call in progress. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
