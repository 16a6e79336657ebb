package dev.antientropy;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The effective timing of a {@link StateSyncer}, as its builder fixed it. With {@code f} the scale factor of
 * the current cluster size, the next periodic full sync falls in {@code [interval, interval * (1 + f))} after
 * the last full sync ended, a retry in {@code [retry, retry * (1 + f))}, and a requested full sync in
 * {@code [0, serverUpInterval * f)}.
 *
 * @param name the syncer's name
 * @param interval the full-sync period
 * @param serverUpInterval the stagger base of a requested full sync
 * @param retryFailInterval the retry delay after the first failed full sync
 * @param scaleThreshold the cluster size up to which delays are not stretched
 * @param syncTimeout how long a sync may run before it is interrupted, {@code null} for no limit
 * @param startupStagger the stagger base of the first full sync; zero runs it at once
 * @param retryBackoffMultiplier the factor applied to the retry delay after each further failure; 1 keeps it
 * @param retryBackoffMaxInterval the cap of the backed-off retry delay (before its stagger)
 */
public record SyncSettings(
        String name,
        Duration interval,
        Duration serverUpInterval,
        Duration retryFailInterval,
        int scaleThreshold,
        @Nullable Duration syncTimeout,
        Duration startupStagger,
        double retryBackoffMultiplier,
        Duration retryBackoffMaxInterval) {

    /**
     * Checks the parts.
     *
     * @param name the syncer's name
     * @param interval the full-sync period
     * @param serverUpInterval the stagger base of a requested full sync
     * @param retryFailInterval the retry delay after the first failed full sync
     * @param scaleThreshold the cluster size up to which delays are not stretched
     * @param syncTimeout how long a sync may run before it is interrupted, {@code null} for no limit
     * @param startupStagger the stagger base of the first full sync; zero runs it at once
     * @param retryBackoffMultiplier the factor applied to the retry delay after each further failure; 1 keeps it
     * @param retryBackoffMaxInterval the cap of the backed-off retry delay (before its stagger)
     */
    public SyncSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(serverUpInterval, "serverUpInterval");
        Objects.requireNonNull(retryFailInterval, "retryFailInterval");
        Objects.requireNonNull(startupStagger, "startupStagger");
        Objects.requireNonNull(retryBackoffMaxInterval, "retryBackoffMaxInterval");
    }

    /**
     * Returns whether failed full syncs are retried at a growing pace.
     *
     * @return {@code true} when the multiplier is above 1
     */
    public boolean backsOff() {
        return retryBackoffMultiplier > 1.0;
    }
}
