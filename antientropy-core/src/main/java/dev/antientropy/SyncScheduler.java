package dev.antientropy;

import java.time.Duration;
import java.time.Instant;

/**
 * The clock and the thread of a syncer: every clock read and every wait of a {@link StateSyncer} goes through
 * it, so that a {@code ManualSyncScheduler} (test kit, {@code antientropy-test}) can run a syncer in virtual time. The default, used when the
 * builder is given none, runs one thread named after the syncer on the system clock.
 *
 * <p>Tasks given to {@link #execute} and {@link #schedule} run on the syncer's thread, one at a time, in the
 * order they fall due. {@link #watchdog} tasks run elsewhere, so that they can interrupt a sync that hangs.
 * Implementations are thread-safe.
 */
public interface SyncScheduler extends AutoCloseable {

    /**
     * Reads the monotonic clock.
     *
     * @return the current time in nanoseconds, as {@link System#nanoTime()} (only differences are meaningful)
     */
    long nanoTime();

    /**
     * Reads the wall clock, for the times shown in {@link SyncStatus}.
     *
     * @return the current instant
     */
    Instant now();

    /**
     * Runs the task soon on the syncer's thread. Never blocks; after {@link #close()} the task is dropped.
     *
     * @param task what to run
     */
    void execute(Runnable task);

    /**
     * Runs the task once on the syncer's thread after the delay. Never blocks; after {@link #close()} the task
     * is dropped.
     *
     * @param task what to run
     * @param delay how long to wait, zero or positive
     * @return a handle to call the task off
     */
    Cancellable schedule(Runnable task, Duration delay);

    /**
     * Runs the task once after the delay on a thread other than the syncer's, even while the syncer's thread
     * is busy: it is how a sync past its timeout gets interrupted. The task must be short and must not block.
     *
     * @param task what to run
     * @param delay how long to wait, zero or positive
     * @return a handle to call the task off
     */
    Cancellable watchdog(Runnable task, Duration delay);

    /**
     * Stops taking tasks and lets the syncer's thread end once the running task returns. Idempotent. A
     * {@link StateSyncer} closes the scheduler it made itself, never one it was given.
     */
    @Override
    void close();
}
