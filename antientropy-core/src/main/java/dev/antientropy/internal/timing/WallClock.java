package dev.antientropy.internal.timing;

import java.time.Instant;

/**
 * The wall clock of the status, derived from the monotonic clock without allocating: anchored on the
 * scheduler's wall clock at start and at each full sync, so it cannot drift for longer than one interval. Not
 * thread-safe: one owner (the syncer's loop owner) anchors and reads it.
 */
public final class WallClock {

    private long anchorEpochNanos; // the owner only
    private long anchorNanoTime; // the owner only

    /** Creates a clock anchored at the epoch; {@link #anchor} it before use. */
    public WallClock() {
    }

    /**
     * Anchors the clock: {@code nanoTime} on the monotonic clock is {@code now} on the wall clock.
     *
     * @param now the wall-clock time
     * @param nanoTime the monotonic time read at the same moment
     */
    public void anchor(Instant now, long nanoTime) {
        anchorEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        anchorNanoTime = nanoTime;
    }

    /**
     * Converts a monotonic time to wall-clock nanoseconds since the epoch.
     *
     * @param nanoTime a monotonic time
     * @return epoch nanoseconds, saturated
     */
    public long epochNanos(long nanoTime) {
        return Nanos.add(anchorEpochNanos, nanoTime - anchorNanoTime);
    }
}
