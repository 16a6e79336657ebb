package dev.antientropy.internal.timing;

import java.time.Duration;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;
import dev.antientropy.Stagger;
import dev.antientropy.internal.log.Durations;
import dev.antientropy.internal.log.SyncLog;

/**
 * The random part of every delay: {@code stagger(base * scaleFactor(clusterSize))}, the cluster size read
 * afresh on each call. User code (the cluster size supplier and the stagger) that throws or answers out of
 * range is logged and worked around, never passed on. Used by the syncer's thread only.
 */
public final class ScaledStagger {

    private final String name;
    private final Stagger stagger;
    private final IntSupplier clusterSize;
    private final int threshold;
    private volatile int lastClusterSize = 1; // syncer thread writes, any thread reads
    private volatile int lastFactor = 1; // syncer thread writes, any thread reads
    private boolean warned; // syncer thread only: one WARN for misbehaving user code, then DEBUG

    /**
     * Creates the stagger of one syncer.
     *
     * @param name the syncer's name, for log lines
     * @param stagger the random draw
     * @param clusterSize the cluster size, read on every call
     * @param threshold the scale threshold
     */
    public ScaledStagger(String name, Stagger stagger, IntSupplier clusterSize, int threshold) {
        this.name = name;
        this.stagger = stagger;
        this.clusterSize = clusterSize;
        this.threshold = threshold;
    }

    /**
     * Draws a stagger for the given base delay.
     *
     * @param base the unscaled base, in nanoseconds, zero or positive
     * @return nanoseconds in {@code [0, base * f)}, zero when that range is empty
     */
    public long draw(long base) {
        return drawBelow(Nanos.times(base, refreshFactor()));
    }

    /**
     * Draws a stagger below an already scaled bound.
     *
     * @param max the exclusive bound, in nanoseconds
     * @return nanoseconds in {@code [0, max)}, zero when that range is empty
     */
    public long drawBelow(long max) {
        if (max <= 0) {
            return 0;
        }
        long drawn;
        try {
            drawn = Nanos.of(stagger.stagger(Duration.ofNanos(max)));
        }
        catch (Throwable ex) {
            rethrowIfFatal(ex);
            misbehaved("stagger threw; using no stagger", ex);
            return 0;
        }
        if (drawn < 0 || drawn >= max) {
            misbehaved("stagger returned " + Durations.format(Duration.ofNanos(drawn)) + ", outside [0, "
                    + Durations.format(Duration.ofNanos(max)) + "); clamped", null);
            return drawn < 0 ? 0 : max - 1;
        }
        return drawn;
    }

    /**
     * Reads the cluster size afresh without recording it or logging, for a description taken on any thread.
     *
     * @return the cluster size, at least 1; the last one read when the supplier throws
     */
    public int peekClusterSize() {
        try {
            return Math.max(1, clusterSize.getAsInt());
        }
        catch (Throwable ex) {
            rethrowIfFatal(ex);
            return lastClusterSize;
        }
    }

    /**
     * Returns the scale threshold.
     *
     * @return the threshold, at least 1
     */
    public int threshold() {
        return threshold;
    }

    /**
     * Returns the cluster size read by the last draw.
     *
     * @return the cluster size, at least 1
     */
    public int lastClusterSize() {
        return lastClusterSize;
    }

    /**
     * Returns the scale factor of the last draw.
     *
     * @return the factor, at least 1
     */
    public int lastFactor() {
        return lastFactor;
    }

    /**
     * Reads the cluster size afresh and returns its scale factor, as every draw does.
     *
     * @return the factor, at least 1
     */
    public int refreshFactor() {
        int size;
        try {
            size = clusterSize.getAsInt();
        }
        catch (Throwable ex) {
            rethrowIfFatal(ex);
            misbehaved("cluster size supplier threw; keeping " + lastClusterSize, ex);
            size = lastClusterSize;
        }
        int checked = Math.max(1, size);
        int factor = ScaleFactor.of(checked, threshold);
        if (checked != lastClusterSize) { // volatile writes only when the size changes
            lastClusterSize = checked;
            lastFactor = factor;
        }
        return factor;
    }

    private static void rethrowIfFatal(Throwable ex) {
        if (ex instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    private void misbehaved(String message, @Nullable Throwable cause) {
        boolean first = !warned;
        warned = true;
        SyncLog.warnOnce(first, "syncer '" + name + "': " + message, cause);
    }
}
