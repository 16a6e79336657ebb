package dev.antientropy.internal.timing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;
import dev.antientropy.FleetPosition;
import dev.antientropy.FleetPositionProvider;
import dev.antientropy.Stagger;
import dev.antientropy.StateSyncer;
import dev.antientropy.SyncSettings;
import dev.antientropy.SyncTiming;
import dev.antientropy.internal.log.SyncLog;

/**
 * The timing policy of one syncer: when the next full sync is due, and within which window. Every delay of the
 * syncer comes from here; the state machine only asks, and {@link #describe(int)} states the same windows for
 * {@link StateSyncer#timing()}.
 *
 * <p>With {@code f} the scale factor of the cluster size read afresh for each delay (Consul's rule):
 * <ul>
 * <li>start-up: the first full sync after {@code [0, U * f)}, {@code U} the start-up stagger (zero: at once);
 * <li>periodic: after a full sync ended, {@code [I, I * (1 + f))}, {@code I} the interval;
 * <li>retry: after the n-th failed full sync in a row, {@code [b, b * (1 + f))} with {@code b} the back-off's
 * base delay (the retry interval at first); a full sync skipped because paused counts as the first;
 * <li>requested: {@code [0, S * f)}, {@code S} the server-up interval.
 * </ul>
 *
 * <p><b>Spread.</b> By default each delay is a random draw in its window ({@link Stagger}). With a
 * {@link FleetPositionProvider} that knows this node's position {@code q = rank / size}, the node is placed
 * instead: the periodic full syncs fall on the grid {@code k * P + q * P} of the wall clock, with period
 * {@code P = I * (1 + f / 2)} (the middle of Consul's window), at the first slot at least {@code I} after the
 * last full sync ended; a slot not within {@code I * (1 + f)} falls back to a random draw, so no delay ever
 * leaves Consul's window. After one placed sync the next slot is {@code P} later and in the window, so a fleet
 * settles on evenly spread syncs. A placed periodic full sync is placed again {@link #replaceAhead()} before it
 * is due, with the position as it is then ({@link #placeAgain(long, long)}): membership changes while it waited
 * (a node left, one joined: the ranks shifted) then move it to its new slot, the nearest one, instead of leaving
 * a gap or a double in the fleet's grid for a whole period. The start-up delay is the wait for this node's first slot of
 * the same grid when the start-up window {@code [0, U * f)} is at least a period wide, else the grid's phase
 * scaled into the window ({@code q} of the window for a node started on the grid's origin), so a node that
 * joins a running fleet lands in its place among the others at once; that first full sync is placed again
 * before it is due too ({@link #placeStartupAgain(long, long)}). Requested delays are {@code q} of their
 * window; retries stay random (a failed sync has lost its slot). Without a position (none given, empty, or a
 * provider that throws) every delay is random, as in Consul.
 *
 * <p>Threads: the delay methods are called by the loop owner only; {@link #describe(int)} by any thread.
 */
public final class FullSyncTiming {

    /** Bigger periods than this (about 73 years) are not placed by rank: the grid arithmetic stays exact. */
    private static final long MAX_RANKED_PERIOD = Long.MAX_VALUE / 8;

    private final ScaledStagger stagger;
    private final @Nullable FleetPositionProvider positions;
    private final RetryBackoff backoff;
    private final String name;
    private final Duration interval;
    private final long intervalNanos;
    private final long serverUpNanos;
    private final long retryNanos;
    private final long startupNanos;
    private boolean warnedPosition; // loop owner only: one WARN for a throwing position provider, then DEBUG
    private boolean lastPeriodicPlaced; // loop owner only: whether the last periodic delay was placed by rank
    private boolean lastStartupPlaced; // loop owner only: whether the last start-up delay was on the grid

    /**
     * Creates the policy of one syncer.
     *
     * @param settings the syncer's settings
     * @param stagger the random draw
     * @param clusterSize the cluster size, read for each delay
     * @param positions this node's place in its fleet for rank spread, {@code null} for random spread
     */
    public FullSyncTiming(SyncSettings settings, Stagger stagger, IntSupplier clusterSize,
            @Nullable FleetPositionProvider positions) {
        this.name = settings.name();
        this.stagger = new ScaledStagger(name, stagger, clusterSize, settings.scaleThreshold());
        this.positions = positions;
        this.interval = settings.interval();
        this.intervalNanos = Nanos.of(settings.interval());
        this.serverUpNanos = Nanos.of(settings.serverUpInterval());
        this.retryNanos = Nanos.of(settings.retryFailInterval());
        this.startupNanos = Nanos.of(settings.startupStagger());
        this.backoff = new RetryBackoff(retryNanos, settings.retryBackoffMultiplier(),
                Nanos.of(settings.retryBackoffMaxInterval()));
    }

    /**
     * Tells whether the first full sync waits for a start-up stagger.
     *
     * @return {@code true} when a start-up stagger is set
     */
    public boolean staggersStartup() {
        return startupNanos > 0;
    }

    /**
     * The delay of the first full sync after start: in {@code [0, U * f)}. By rank: the wait for this node's
     * next slot of the periodic grid when the window is at least a period {@code P} wide, else that wait scaled by
     * {@code U * f / P}; without a position, random.
     *
     * @param nowEpochNanos the start, in nanoseconds since the epoch (the scheduler's wall clock)
     * @return nanoseconds; zero without a start-up stagger
     */
    public long startupDelay(long nowEpochNanos) {
        lastStartupPlaced = false;
        if (startupNanos <= 0) {
            return 0;
        }
        int factor = stagger.refreshFactor();
        long window = Nanos.times(startupNanos, factor);
        FleetPosition position = position();
        if (position == null || window <= 0) {
            return window <= 0 ? 0 : stagger.drawBelow(window);
        }
        long period = Nanos.add(intervalNanos, Nanos.times(intervalNanos, factor) / 2);
        if (period >= MAX_RANKED_PERIOD || nowEpochNanos >= Long.MAX_VALUE - 4 * period) {
            return share(window, position);
        }
        long phase = share(period, position);
        long wait = Math.floorMod(phase - nowEpochNanos, period); // to this node's next slot, in [0, P)
        if (period <= window) {
            lastStartupPlaced = true;
            return wait;
        }
        return scale(wait, window, period);
    }

    /**
     * Tells whether the last {@link #startupDelay(long)} was a wait for this node's slot of the grid, which
     * {@link #placeStartupAgain(long, long)} can move.
     *
     * @return {@code true} when it was
     */
    public boolean lastStartupPlaced() {
        return lastStartupPlaced;
    }

    /**
     * Places the first full sync again, by rank, with the position and cluster size as they are now: this node's
     * slot of the grid nearest to where it was placed (within half a period), if that slot is in the start-up
     * window {@code [0, U * f)} and the window holds a whole period. Draws nothing at random.
     *
     * @param startEpochNanos when the syncer started, in nanoseconds since the epoch
     * @param placedDelay the delay the first full sync was placed at, from the start
     * @return the new delay from the start, or {@code -1} to keep the full sync where it is
     */
    public long placeStartupAgain(long startEpochNanos, long placedDelay) {
        if (startupNanos <= 0) {
            return -1;
        }
        int factor = stagger.refreshFactor();
        long window = Nanos.times(startupNanos, factor);
        FleetPosition position = position();
        if (position == null) {
            return -1;
        }
        long period = Nanos.add(intervalNanos, Nanos.times(intervalNanos, factor) / 2);
        if (period > window || period >= MAX_RANKED_PERIOD || startEpochNanos >= Long.MAX_VALUE - 4 * period
                || placedDelay >= window) {
            return -1;
        }
        long delay = placedDelay + nearest(share(period, position) - (startEpochNanos + placedDelay), period);
        return delay >= 0 && delay < window ? delay : -1;
    }

    /** The shortest move, forwards or back, from a time to the next slot of a phase: in {@code (-P/2, P/2]}. */
    private static long nearest(long toPhase, long period) {
        long ahead = Math.floorMod(toPhase, period);
        return ahead <= period / 2 ? ahead : ahead - period;
    }

    /**
     * The delay of the next periodic full sync after a full sync ended: in {@code [I, I * (1 + f))}.
     *
     * @param endEpochNanos when the full sync ended, in nanoseconds since the epoch (the scheduler's wall
     *     clock), which places rank spread on a grid every node of the fleet shares
     * @return nanoseconds from the end of that full sync
     */
    public long periodicDelay(long endEpochNanos) {
        long placed = placedPeriodicDelay(endEpochNanos);
        lastPeriodicPlaced = placed >= 0;
        if (placed >= 0) {
            return placed;
        }
        return Nanos.add(intervalNanos, stagger.drawBelow(Nanos.times(intervalNanos, stagger.lastFactor())));
    }

    /**
     * Places a periodic full sync again, by rank, with the position and cluster size as they are now: this node's
     * slot of the grid nearest to where the full sync was placed (within half a period), if that slot is in
     * {@code [I, I * (1 + f))} after the last full sync ended. Draws nothing at random.
     *
     * @param endEpochNanos when the last full sync ended, in nanoseconds since the epoch
     * @param placedDelay the delay it was placed at, from that end
     * @return the new delay from that end, or {@code -1} to keep the full sync where it is (no position, or
     *         the slot is outside the window)
     */
    public long placeAgain(long endEpochNanos, long placedDelay) {
        int factor = stagger.refreshFactor();
        long width = Nanos.times(intervalNanos, factor);
        FleetPosition position = position();
        if (position == null) {
            return -1;
        }
        long period = Nanos.add(intervalNanos, width / 2);
        if (period >= MAX_RANKED_PERIOD || endEpochNanos >= Long.MAX_VALUE - 4 * period
                || placedDelay >= 2 * period + width) {
            return -1;
        }
        long delay = placedDelay + nearest(share(period, position) - (endEpochNanos + placedDelay), period);
        return delay >= intervalNanos && delay - intervalNanos < width ? delay : -1;
    }

    /**
     * The delay of the next periodic full sync by rank alone: this node's first slot at least {@code I} after the
     * end, or {@code -1} when there is no position or that slot is outside {@code [I, I * (1 + f))}.
     */
    private long placedPeriodicDelay(long endEpochNanos) {
        int factor = stagger.refreshFactor();
        long width = Nanos.times(intervalNanos, factor);
        FleetPosition position = position();
        if (position != null) {
            long period = Nanos.add(intervalNanos, width / 2);
            if (period < MAX_RANKED_PERIOD && endEpochNanos < Long.MAX_VALUE - 4 * period) {
                long phase = share(period, position);
                long earliest = endEpochNanos + intervalNanos;
                long past = Math.floorMod(earliest - phase, period); // how far the earliest is past its slot
                long slot = past == 0 ? earliest : earliest + (period - past);
                long late = slot - earliest;
                if (late < width) {
                    return intervalNanos + late;
                }
            }
        }
        return -1;
    }

    /**
     * Tells whether the last {@link #periodicDelay(long)} was placed by rank (not drawn at random).
     *
     * @return {@code true} when it was placed
     */
    public boolean lastPeriodicPlaced() {
        return lastPeriodicPlaced;
    }

    /**
     * How long before a placed periodic full sync is due the loop places it again: a twelfth of the interval
     * (5 s for Consul's minute), well above the shift that a fleet's churn makes in a period, so a full sync
     * whose slot moved earlier still reaches it.
     *
     * @return nanoseconds, positive
     */
    public long replaceAhead() {
        return Math.max(1, intervalNanos / 12);
    }

    /**
     * The delay of a retry after a failed full sync, or of a full sync skipped while paused: in
     * {@code [b, b * (1 + f))} with {@code b} the back-off's base delay. Always random.
     *
     * @param failures failed full syncs in a row, this one included; 0 for a skipped one
     * @return nanoseconds from the end of the failed (or skipped) full sync
     */
    public long retryDelay(int failures) {
        long base = backoff.baseDelay(failures);
        return Nanos.add(base, stagger.draw(base));
    }

    /**
     * The delay of a requested full sync: in {@code [0, S * f)}.
     *
     * @return nanoseconds from the request
     */
    public long requestedDelay() {
        return within(serverUpNanos);
    }

    /**
     * Returns the cluster size read for the last delay.
     *
     * @return the cluster size, at least 1
     */
    public int lastClusterSize() {
        return stagger.lastClusterSize();
    }

    /**
     * Returns the scale factor of the last delay.
     *
     * @return the factor, at least 1
     */
    public int lastFactor() {
        return stagger.lastFactor();
    }

    /**
     * States the windows as they are now: reads the cluster size and the fleet position afresh, on the calling
     * thread, without logging. Any thread.
     *
     * @param failuresSoFar full syncs failed in a row so far, for the window of the next retry
     * @return the timing
     */
    public SyncTiming describe(int failuresSoFar) {
        int size = stagger.peekClusterSize();
        int factor = ScaleFactor.of(size, stagger.threshold());
        FleetPosition position = null;
        if (positions != null) {
            try {
                position = present(positions.position());
            }
            catch (Throwable ex) {
                rethrowIfFatal(ex);
            }
        }
        long retryBase = backoff.baseDelay(failuresSoFar == Integer.MAX_VALUE ? failuresSoFar : failuresSoFar + 1);
        return new SyncTiming(interval, size, factor, after(intervalNanos, factor), after(retryBase, factor),
                new SyncTiming.Window(Duration.ZERO, scaled(serverUpNanos, factor)),
                new SyncTiming.Window(Duration.ZERO, scaled(startupNanos, factor)),
                position != null ? SyncTiming.SPREAD_RANK : SyncTiming.SPREAD_RANDOM, position);
    }

    /** A delay in {@code [0, base * f)}: {@code q} of the window by rank, else random. */
    private long within(long base) {
        long max = Nanos.times(base, stagger.refreshFactor());
        if (max <= 0) {
            return 0;
        }
        FleetPosition position = position();
        if (position != null) {
            return share(max, position);
        }
        return stagger.drawBelow(max);
    }

    /** {@code floor(value * length / over)} for {@code 0 <= value < over}, without overflow: in {@code [0, length)}. */
    private static long scale(long value, long length, long over) {
        return (long) Math.min(length - 1, Math.floor((double) value / over * length));
    }

    /** {@code floor(length * rank / size)}, exactly and without overflow: in {@code [0, length)}. */
    private static long share(long length, FleetPosition position) {
        long rank = position.rank();
        long size = position.size();
        return (length / size) * rank + (length % size) * rank / size;
    }

    /** Loop owner: the position now, or {@code null} for random spread. */
    private @Nullable FleetPosition position() {
        if (positions == null) {
            return null;
        }
        try {
            return present(positions.position());
        }
        catch (Throwable ex) {
            rethrowIfFatal(ex);
            boolean first = !warnedPosition;
            warnedPosition = true;
            SyncLog.warnOnce(first, "syncer '" + name + "': fleet position provider threw; spreading at random", ex);
            return null;
        }
    }

    @SuppressWarnings("OptionalAssignedToNull")
    private static @Nullable FleetPosition present(@Nullable Optional<FleetPosition> position) {
        return position == null ? null : position.orElse(null);
    }

    private static SyncTiming.Window after(long baseNanos, int factor) {
        return new SyncTiming.Window(Duration.ofNanos(baseNanos),
                Duration.ofNanos(Nanos.add(baseNanos, Nanos.times(baseNanos, factor))));
    }

    private static Duration scaled(long baseNanos, int factor) {
        return Duration.ofNanos(Nanos.times(baseNanos, factor));
    }

    private static void rethrowIfFatal(Throwable ex) {
        if (ex instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }
}
