package dev.antientropy.internal.status;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.antientropy.SyncInFlight;
import dev.antientropy.SyncOutcome;
import dev.antientropy.SyncResult;
import dev.antientropy.SyncStatus;
import dev.antientropy.SyncType;
import dev.antientropy.SyncerState;

/**
 * Records what the syncer does and publishes it as one immutable {@link SyncStatus}. The mutators are called
 * by the owner of the syncer's loop only; {@link #snapshot()} is lock-free and may be called from any thread.
 */
public final class StatusRecorder {

    private final String name;
    private volatile SyncStatus snapshot; // loop owner writes, any thread reads

    // Loop owner only: the parts of the next snapshot.
    private SyncerState state = SyncerState.NEW;
    private @Nullable SyncResult lastFull;
    private @Nullable SyncResult lastPartial;
    private @Nullable Instant lastFullSuccess;
    private long fullSyncs;
    private long fullFailures;
    private long partialSyncs;
    private long partialFailures;
    private int consecutiveFullFailures;
    private @Nullable Instant nextFullSyncDue;
    private @Nullable SyncInFlight inFlight;
    private int clusterSize = 1;
    private int scaleFactor = 1;

    /**
     * Creates the recorder of a new syncer.
     *
     * @param name the syncer's name
     */
    public StatusRecorder(String name) {
        this.name = name;
        this.snapshot = build();
    }

    /**
     * Returns the last published snapshot (its pause depth is 0: the caller adds the live one).
     *
     * @return the snapshot
     */
    public SyncStatus snapshot() {
        return snapshot;
    }

    /**
     * Returns the recorded state.
     *
     * @return the state
     */
    public SyncerState state() {
        return state;
    }

    /**
     * Records a state change and publishes.
     *
     * @param next the state entered
     */
    public void state(SyncerState next) {
        state = next;
        if (next == SyncerState.DONE) {
            nextFullSyncDue = null;
            inFlight = null;
        }
        publish();
    }

    /**
     * Records when the next full sync is due, and the scale used to compute it, and publishes.
     *
     * @param due the due time, {@code null} when none is scheduled
     * @param size the cluster size read
     * @param factor its scale factor
     */
    public void nextFullSync(@Nullable Instant due, int size, int factor) {
        nextFullSyncDue = due;
        clusterSize = size;
        scaleFactor = factor;
        publish();
    }

    /**
     * Records that a sync started, and publishes.
     *
     * @param type which sync
     * @param at when it started
     */
    public void started(SyncType type, Instant at) {
        inFlight = new SyncInFlight(type, at);
        publish();
    }

    /**
     * Records that a sync ended, and publishes.
     *
     * @param type which sync
     * @param startedAt when it started
     * @param duration how long it ran
     * @param error the failure's message, {@code null} on success
     */
    public void finished(SyncType type, Instant startedAt, Duration duration, @Nullable String error) {
        SyncResult result = new SyncResult(type, startedAt, duration,
                error == null ? SyncOutcome.SUCCESS : SyncOutcome.FAILURE, error);
        inFlight = null;
        if (type == SyncType.FULL) {
            lastFull = result;
            fullSyncs++;
            if (error == null) {
                lastFullSuccess = result.finishedAt();
                consecutiveFullFailures = 0;
            }
            else {
                fullFailures++;
                consecutiveFullFailures++;
            }
        }
        else {
            lastPartial = result;
            partialSyncs++;
            if (error != null) {
                partialFailures++;
            }
        }
        publish();
    }

    private void publish() {
        snapshot = build();
    }

    private SyncStatus build() {
        return new SyncStatus(name, state, 0, lastFull, lastPartial, lastFullSuccess, fullSyncs, fullFailures,
                partialSyncs, partialFailures, consecutiveFullFailures, nextFullSyncDue, inFlight, clusterSize,
                scaleFactor);
    }
}
