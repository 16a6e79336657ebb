package dev.antientropy.internal.machine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import dev.antientropy.internal.log.Durations;
import dev.antientropy.internal.timing.Nanos;
import dev.antientropy.internal.timing.ThreadSyncScheduler;

/**
 * Close-and-wait: the end of a syncer, and the waits of {@code close()} and {@code close(Duration)} for it. The
 * syncer has ended when its loop ran its last pass and, with a thread of its own, when that thread and the
 * watchdog thread have ended too. A wait from one of the syncer's own threads returns at once (it would wait
 * for itself); a wait that is interrupted, or a bounded one that gives up, interrupts the sync in flight.
 */
final class Termination {

    private final CompletableFuture<Void> ended = new CompletableFuture<>(); // completed once, by any thread
    private final @Nullable ThreadSyncScheduler ownScheduler;
    private final InterruptHandshake interrupts;

    /**
     * Creates the termination of one syncer.
     *
     * @param ownScheduler the scheduler the syncer made and closes, or {@code null} when it was given one
     * @param interrupts the hand-shake to interrupt the sync in flight with
     */
    Termination(@Nullable ThreadSyncScheduler ownScheduler, InterruptHandshake interrupts) {
        this.ownScheduler = ownScheduler;
        this.interrupts = interrupts;
    }

    /** The loop ran its last pass: closes the own scheduler and completes once its thread has run its last task. */
    void loopEnded() {
        if (ownScheduler != null) {
            ownScheduler.close();
            ownScheduler.termination().whenComplete((ignored, failure) -> ended.complete(null));
        }
        else {
            ended.complete(null);
        }
    }

    /**
     * Completes once the loop has run its last pass (and the own thread its last task).
     *
     * @return the stage
     */
    CompletionStage<Void> stage() {
        return ended.minimalCompletionStage();
    }

    /**
     * Tells whether the calling thread is one of the syncer's own threads, which must not wait for themselves.
     *
     * @return {@code true} on the syncer's thread or its watchdog thread
     */
    boolean onOwnThread() {
        return ownScheduler != null && ownScheduler.isOwnThread();
    }

    /**
     * Waits without bound for the syncer's threads to end. If the waiting thread is interrupted, the sync in flight
     * is interrupted too and the wait goes on; the interrupt status is restored on return.
     */
    void await() {
        if (onOwnThread()) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                ended.get();
                if (ownScheduler != null) {
                    ownScheduler.awaitThreadEnd(0);
                }
                break;
            }
            catch (InterruptedException ex) {
                // As ExecutorService.close(): an interrupt while waiting interrupts the sync, then waits on.
                interrupted = true;
                interrupts.interruptAny("sync interrupted: close() was interrupted while waiting for it");
            }
            catch (ExecutionException cannotHappen) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits at most the timeout for the syncer's threads to end; if they have not, interrupts the sync in flight.
     *
     * @param timeout the longest wait
     * @return {@code true} when the threads ended in time; {@code false} too on one of the syncer's own threads
     */
    boolean await(Duration timeout) {
        if (onOwnThread()) {
            return false;
        }
        long deadline = Nanos.add(System.nanoTime(), Math.max(0, Nanos.of(timeout)));
        try {
            ended.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return ownScheduler == null || ownScheduler.awaitThreadEnd(Math.max(1, deadline - System.nanoTime()));
        }
        catch (TimeoutException ex) {
            interrupts.interruptAny("sync interrupted: still running when close(" + Durations.format(timeout)
                    + ") gave up waiting");
            return false;
        }
        catch (InterruptedException ex) {
            interrupts.interruptAny("sync interrupted: close() was interrupted while waiting for it");
            Thread.currentThread().interrupt();
            return false;
        }
        catch (ExecutionException cannotHappen) {
            return true;
        }
    }
}
