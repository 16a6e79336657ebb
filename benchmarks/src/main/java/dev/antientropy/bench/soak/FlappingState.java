package dev.antientropy.bench.soak;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.antientropy.SyncState;

/**
 * The soak's {@link SyncState}: a remote that fails a seeded share of the syncs (30 % by default), with a short
 * simulated remote call in each sync, and the probes of two invariants:
 * <ul>
 * <li>no two syncs at once: an in-flight counter, incremented on entry and decremented on exit; an entry that
 * finds another sync in flight counts an {@linkplain #overlaps() overlap};</li>
 * <li>every trigger is followed by a sync that starts after it: each sync records its start time
 * ({@link System#nanoTime()}, taken on entry) in {@link #lastSyncStartNanos()}, which {@link InvariantChecker}
 * compares with the times of the triggers.</li>
 * </ul>
 * Threads: {@code syncFull()} and {@code syncChanges()} run on the syncer's thread (the random generator is owned
 * by whichever thread is in a sync, which the overlap counter checks is one at a time); the atomics are read by
 * any thread.
 */
final class FlappingState implements SyncState {

    private final double failureShare;

    private final long fullCallNanos;

    private final long changesCallNanos;

    /** Owned by the thread inside a sync (one at a time, checked by {@link #inFlight}). */
    private final SplittableRandom random;

    private final AtomicInteger inFlight = new AtomicInteger();

    private final AtomicLong overlaps = new AtomicLong();

    private final AtomicLong lastSyncStart = new AtomicLong(Long.MIN_VALUE);

    private final AtomicLong fullSyncs = new AtomicLong();

    private final AtomicLong changesSyncs = new AtomicLong();

    private final AtomicLong failures = new AtomicLong();

    FlappingState(long seed, double failureShare, long fullCallNanos, long changesCallNanos) {
        this.random = new SplittableRandom(seed);
        this.failureShare = failureShare;
        this.fullCallNanos = fullCallNanos;
        this.changesCallNanos = changesCallNanos;
    }

    @Override
    public void syncFull() {
        fullSyncs.incrementAndGet();
        run(fullCallNanos, "full");
    }

    @Override
    public void syncChanges() {
        changesSyncs.incrementAndGet();
        run(changesCallNanos, "changes");
    }

    private void run(long callNanos, String what) {
        long start = System.nanoTime();
        lastSyncStart.accumulateAndGet(start, Math::max);
        if (inFlight.incrementAndGet() != 1) {
            overlaps.incrementAndGet();
        }
        try {
            // The remote call: the syncer's thread waits, as it would on a socket.
            LockSupport.parkNanos(callNanos);
            if (random.nextDouble() < failureShare) {
                failures.incrementAndGet();
                throw new IllegalStateException("remote refused the " + what + " sync (seeded failure)");
            }
        }
        finally {
            inFlight.decrementAndGet();
        }
    }

    /** Returns how many syncs found another sync in flight when they started (must be 0). */
    long overlaps() {
        return overlaps.get();
    }

    /** Returns the start time of the latest sync, {@link System#nanoTime()}; {@link Long#MIN_VALUE} before one. */
    long lastSyncStartNanos() {
        return lastSyncStart.get();
    }

    long fullSyncs() {
        return fullSyncs.get();
    }

    long changesSyncs() {
        return changesSyncs.get();
    }

    long failures() {
        return failures.get();
    }
}
