package dev.antientropy;

import java.util.Objects;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of a {@link StateSyncer}, taken by {@link StateSyncer#status()}. All parts describe
 * the same moment of the syncer's thread; the pause depth is read when the snapshot is taken.
 *
 * @param name the syncer's name
 * @param state the current state
 * @param pauseDepth how many {@link StateSyncer#pause()} calls are not yet matched by a resume; 0 when running
 * @param lastFullSync the last finished full sync, {@code null} before the first one ended
 * @param lastPartialSync the last finished partial sync, {@code null} before the first one ended
 * @param lastFullSyncSuccess when the last successful full sync finished, {@code null} before one succeeded
 * @param fullSyncs how many full syncs ran (successes and failures)
 * @param fullSyncFailures how many of those failed
 * @param partialSyncs how many partial syncs ran (successes and failures)
 * @param partialSyncFailures how many of those failed
 * @param consecutiveFullSyncFailures how many full syncs failed in a row since the last success
 * @param nextFullSyncDue when the next full sync is due (periodic, retry, start-up or requested), {@code null}
 *     before start and once done
 * @param inFlight the sync running now, {@code null} when none is
 * @param clusterSize the cluster size read for the last computed delay
 * @param scaleFactor the scale factor that cluster size gave
 */
public record SyncStatus(
        String name,
        SyncerState state,
        int pauseDepth,
        @Nullable SyncResult lastFullSync,
        @Nullable SyncResult lastPartialSync,
        @Nullable Instant lastFullSyncSuccess,
        long fullSyncs,
        long fullSyncFailures,
        long partialSyncs,
        long partialSyncFailures,
        int consecutiveFullSyncFailures,
        @Nullable Instant nextFullSyncDue,
        @Nullable SyncInFlight inFlight,
        int clusterSize,
        int scaleFactor) {

    /**
     * Checks the parts.
     *
     * @param name the syncer's name
     * @param state the current state
     * @param pauseDepth how many {@link StateSyncer#pause()} calls are not yet matched by a resume; 0 when running
     * @param lastFullSync the last finished full sync, {@code null} before the first one ended
     * @param lastPartialSync the last finished partial sync, {@code null} before the first one ended
     * @param lastFullSyncSuccess when the last successful full sync finished, {@code null} before one succeeded
     * @param fullSyncs how many full syncs ran (successes and failures)
     * @param fullSyncFailures how many of those failed
     * @param partialSyncs how many partial syncs ran (successes and failures)
     * @param partialSyncFailures how many of those failed
     * @param consecutiveFullSyncFailures how many full syncs failed in a row since the last success
     * @param nextFullSyncDue when the next full sync is due (periodic, retry, start-up or requested), {@code null}
     *     before start and once done
     * @param inFlight the sync running now, {@code null} when none is
     * @param clusterSize the cluster size read for the last computed delay
     * @param scaleFactor the scale factor that cluster size gave
     * @throws IllegalArgumentException when a part breaks its rule
     */
    public SyncStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        requireNotNegative(pauseDepth, "pauseDepth");
        requireNotNegative(fullSyncFailures, "fullSyncFailures");
        requireNotNegative(partialSyncFailures, "partialSyncFailures");
        requireNotNegative(consecutiveFullSyncFailures, "consecutiveFullSyncFailures");
        if (fullSyncs < fullSyncFailures || partialSyncs < partialSyncFailures) {
            throw new IllegalArgumentException("failures cannot exceed runs");
        }
        if (clusterSize < 1 || scaleFactor < 1) {
            throw new IllegalArgumentException("clusterSize and scaleFactor must be at least 1");
        }
    }

    /**
     * Returns whether sync runs are paused.
     *
     * @return {@code pauseDepth() > 0}
     */
    public boolean paused() {
        return pauseDepth > 0;
    }

    private static void requireNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
