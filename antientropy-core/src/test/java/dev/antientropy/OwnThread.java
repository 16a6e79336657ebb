package dev.antientropy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task on a daemon thread of its own and waits for it within a bound. A task that hangs (a close that never
 * returns, on a broken core) then fails its test with a {@link java.util.concurrent.TimeoutException} without
 * holding a thread of the common pool, which has a single thread on a two-core machine and which later tests need.
 */
final class OwnThread {

    private OwnThread() {
    }

    /** Runs the task on a new daemon thread; throws {@code TimeoutException} when it has not ended within the bound. */
    static void runWithin(Duration bound, Runnable task) throws Exception {
        CompletableFuture.runAsync(task, runnable -> {
            Thread thread = new Thread(runnable, "test-own-thread");
            thread.setDaemon(true);
            thread.start();
        }).get(bound.toMillis(), TimeUnit.MILLISECONDS);
    }
}
