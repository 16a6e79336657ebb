package dev.antientropy.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.antientropy.SyncState;

/**
 * A remote that a test scripts: it succeeds until told to fail, and can hold a sync in flight until released.
 * Any thread may script it; the syncer's thread calls it.
 */
public class ScriptedSyncState implements SyncState {

    private final AtomicReference<@Nullable Exception> failure = new AtomicReference<>(); // any thread
    private final AtomicReference<@Nullable CountDownLatch> gate = new AtomicReference<>(); // any thread
    private final CountDownLatch entered = new CountDownLatch(1);
    private final AtomicInteger fullSyncs = new AtomicInteger();
    private final AtomicInteger partialSyncs = new AtomicInteger();

    @Override
    public void syncFull() throws Exception {
        fullSyncs.incrementAndGet();
        run();
    }

    @Override
    public void syncChanges() throws Exception {
        partialSyncs.incrementAndGet();
        run();
    }

    /**
     * Makes every sync from now on fail with the given exception.
     *
     * @param exception what the remote throws
     */
    public void failWith(Exception exception) {
        failure.set(exception);
    }

    /** Makes every sync from now on succeed. */
    public void succeed() {
        failure.set(null);
    }

    /**
     * Makes the next syncs wait, in flight, until {@link #release()}.
     */
    public void hold() {
        gate.set(new CountDownLatch(1));
    }

    /** Lets held syncs finish. */
    public void release() {
        CountDownLatch latch = gate.getAndSet(null);
        if (latch != null) {
            latch.countDown();
        }
    }

    /**
     * Waits until a sync has entered this state.
     *
     * @return whether one did within ten seconds
     * @throws InterruptedException when interrupted
     */
    public boolean awaitEntered() throws InterruptedException {
        return entered.await(10, TimeUnit.SECONDS);
    }

    public int fullSyncs() {
        return fullSyncs.get();
    }

    public int partialSyncs() {
        return partialSyncs.get();
    }

    private void run() throws Exception {
        entered.countDown();
        CountDownLatch latch = gate.get();
        if (latch != null && !latch.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("held for too long");
        }
        Exception ex = failure.get();
        if (ex != null) {
            throw ex;
        }
    }
}
