package dev.antientropy.bench.soak;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncStatus;

/**
 * Checks the soak's invariants, from one thread that calls {@link #check()} every few milliseconds:
 * <ul>
 * <li><b>every trigger is followed by a sync that starts after it.</b> A driver takes {@link System#nanoTime()}
 * before it requests a sync and hands it to {@link #triggered(long)} once the request returned. A sync start at
 * or after a trigger's time covers that trigger and every earlier one, so it is enough to follow the latest
 * trigger time seen at each check: each is queued, and leaves the queue when the state's latest sync start
 * reaches it ({@link FlappingState#lastSyncStartNanos()}). One still waiting after {@code bound} counts as
 * <em>late</em>; after the drivers stopped, {@link #drain(Duration)} waits for the rest and counts those never
 * covered. Both must be 0.</li>
 * <li><b>pause depth never negative</b>: {@link StateSyncer#status()} is read at every check ({@code SyncStatus}
 * refuses a negative depth when it is built, so a failed read counts too), and {@link #httpPauseDepth(int)}
 * counts the endpoint's answers.</li>
 * <li><b>no two syncs at once</b>: counted by {@link FlappingState#overlaps()}.</li>
 * </ul>
 * Threads: the queue and the "max" figures belong to the checking thread; the drivers only touch the atomics.
 */
final class InvariantChecker {

    private final StateSyncer syncer;

    private final FlappingState state;

    private final long boundNanos;

    /** The latest trigger time handed in by any driver; written by the drivers, read by the checker. */
    private final AtomicLong latestTrigger = new AtomicLong(Long.MIN_VALUE);

    private final AtomicLong negativeHttpDepths = new AtomicLong();

    // Owned by the checking thread.
    private final ArrayDeque<Long> waiting = new ArrayDeque<>();

    private long lastQueued = Long.MIN_VALUE;

    private long lateTriggers;

    private long uncoveredAtEnd;

    private long negativeDepths;

    private long statusFailures;

    private String firstStatusFailure = "";

    private long checks;

    private long longestWaitNanos;

    private long maxPauseDepth;

    InvariantChecker(StateSyncer syncer, FlappingState state, Duration bound) {
        this.syncer = syncer;
        this.state = state;
        this.boundNanos = bound.toNanos();
    }

    /**
     * Records a trigger: call after the request returned, with the time taken before it was made.
     *
     * @param nanosBefore {@link System#nanoTime()} taken before the request
     */
    void triggered(long nanosBefore) {
        latestTrigger.accumulateAndGet(nanosBefore, Math::max);
    }

    /**
     * Records a pause depth read from the endpoint's JSON.
     *
     * @param depth the depth
     */
    void httpPauseDepth(int depth) {
        if (depth < 0) {
            negativeHttpDepths.incrementAndGet();
        }
    }

    /** One round of checks; the checking thread only. */
    void check() {
        checks++;
        long trigger = latestTrigger.get();
        if (trigger > lastQueued) {
            waiting.addLast(trigger);
            lastQueued = trigger;
        }
        long lastStart = state.lastSyncStartNanos();
        while (!waiting.isEmpty() && waiting.peekFirst() <= lastStart) {
            waiting.removeFirst();
        }
        long now = System.nanoTime();
        if (!waiting.isEmpty()) {
            longestWaitNanos = Math.max(longestWaitNanos, now - waiting.peekFirst());
        }
        while (!waiting.isEmpty() && now - waiting.peekFirst() > boundNanos) {
            waiting.removeFirst();
            lateTriggers++;
        }
        try {
            SyncStatus status = syncer.status();
            if (status.pauseDepth() < 0) {
                negativeDepths++;
            }
            maxPauseDepth = Math.max(maxPauseDepth, status.pauseDepth());
        }
        catch (RuntimeException ex) {
            if (statusFailures++ == 0) {
                firstStatusFailure = ex.toString();
            }
        }
    }

    /**
     * After the drivers stopped: checks until every queued trigger is covered or {@code timeout} passed; the
     * triggers still waiting then count as never covered.
     *
     * @param timeout how long to wait for the last sync starts
     * @throws InterruptedException when interrupted
     */
    void drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        check();
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            check();
        }
        uncoveredAtEnd = waiting.size();
        waiting.clear();
    }

    long lateTriggers() {
        return lateTriggers;
    }

    long uncoveredAtEnd() {
        return uncoveredAtEnd;
    }

    long negativeDepths() {
        return negativeDepths + negativeHttpDepths.get();
    }

    long statusFailures() {
        return statusFailures;
    }

    String firstStatusFailure() {
        return firstStatusFailure;
    }

    long checks() {
        return checks;
    }

    long maxPauseDepth() {
        return maxPauseDepth;
    }

    /** Returns the longest time a trigger was seen waiting for a sync start (at the resolution of the checks). */
    Duration longestWait() {
        return Duration.ofNanos(longestWaitNanos);
    }

    long boundSeconds() {
        return Duration.ofNanos(boundNanos).toSeconds();
    }
}
