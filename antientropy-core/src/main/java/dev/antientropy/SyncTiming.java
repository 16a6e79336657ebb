package dev.antientropy;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The timing a {@link StateSyncer} applies now, as its timing policy states it: the cluster size and scale
 * factor {@code f} it reads now, and the windows of delay they give. Taken by {@link StateSyncer#timing()}; the
 * Actuator endpoint shows it as it is.
 *
 * <p>With {@link #SPREAD_RANDOM} each delay is drawn at random in its window, as in Consul. With
 * {@link #SPREAD_RANK} (a {@linkplain StateSyncer.Builder#fleetPosition(FleetPositionProvider) fleet position}
 * is known) the node places its periodic full syncs on a grid of period {@code interval * (1 + f / 2)} at the
 * phase {@code position.fraction()} of that period, and its start-up and requested full syncs at that fraction
 * of their windows; every delay still falls in the window shown here, and a slot outside it falls back to a
 * random draw. Retries are drawn at random either way.
 *
 * @param interval the full-sync period
 * @param clusterSize the cluster size read now, at least 1
 * @param scaleFactor the scale factor {@code f} of that size, at least 1
 * @param periodic the delay of the next periodic full sync after a full sync ended:
 *     {@code [interval, interval * (1 + f))}
 * @param retry the delay of a retry if the next full sync failed (after the failures in a row so far, with
 *     the back-off): {@code [base, base * (1 + f))}
 * @param requested the delay of a requested full sync: {@code [0, serverUpInterval * f)}
 * @param startup the delay of the first full sync after start: {@code [0, startupStagger * f)}
 * @param spread {@link #SPREAD_RANDOM} or {@link #SPREAD_RANK}: how delays are placed in their windows now
 * @param position this node's place in its fleet when spreading by rank, {@code null} otherwise
 */
public record SyncTiming(
        Duration interval,
        int clusterSize,
        int scaleFactor,
        Window periodic,
        Window retry,
        Window requested,
        Window startup,
        String spread,
        @Nullable FleetPosition position) {

    /** Delays drawn at random in their windows, as in Consul. */
    public static final String SPREAD_RANDOM = "random";

    /** Delays placed by this node's rank in its fleet. */
    public static final String SPREAD_RANK = "rank";

    /**
     * Checks the parts.
     *
     * @param interval the full-sync period
     * @param clusterSize the cluster size read now, at least 1
     * @param scaleFactor the scale factor {@code f} of that size, at least 1
     * @param periodic the delay window of the next periodic full sync
     * @param retry the delay window of a retry
     * @param requested the delay window of a requested full sync
     * @param startup the delay window of the first full sync
     * @param spread {@link #SPREAD_RANDOM} or {@link #SPREAD_RANK}
     * @param position this node's place in its fleet with rank spread, {@code null} otherwise
     * @throws IllegalArgumentException when a part breaks its rule
     */
    public SyncTiming {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(periodic, "periodic");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(startup, "startup");
        Objects.requireNonNull(spread, "spread");
        if (clusterSize < 1 || scaleFactor < 1) {
            throw new IllegalArgumentException("clusterSize and scaleFactor must be at least 1");
        }
        if (!spread.equals(SPREAD_RANDOM) && !spread.equals(SPREAD_RANK)) {
            throw new IllegalArgumentException("spread must be 'random' or 'rank', was '" + spread + "'");
        }
        if (spread.equals(SPREAD_RANK) != (position != null)) {
            throw new IllegalArgumentException("a position is given exactly when spreading by rank");
        }
    }

    /**
     * A half-open window of delays, {@code [from, to)}; {@code from == to} when there is no stagger (the
     * delay is then exactly {@code from}).
     *
     * @param from the shortest delay
     * @param to the bound of the delay, exclusive unless equal to {@code from}
     */
    public record Window(Duration from, Duration to) {

        /**
         * Checks the parts.
         *
         * @param from the shortest delay
         * @param to the bound of the delay
         * @throws IllegalArgumentException when {@code from} is negative or {@code to} below it
         */
        public Window {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (from.isNegative() || to.compareTo(from) < 0) {
                throw new IllegalArgumentException("a window needs 0 <= from <= to, was [" + from + ", " + to + ")");
            }
        }

        /**
         * Tells whether a delay falls in this window.
         *
         * @param delay a delay
         * @return {@code true} when {@code from <= delay < to}, or {@code delay == from} for an empty window
         */
        public boolean contains(Duration delay) {
            return from.equals(to) ? delay.equals(from) : delay.compareTo(from) >= 0 && delay.compareTo(to) < 0;
        }
    }
}
