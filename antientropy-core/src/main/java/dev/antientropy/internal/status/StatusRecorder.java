package dev.antientropy.internal.status;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.antientropy.SyncInFlight;
import dev.antientropy.SyncOutcome;
import dev.antientropy.SyncResult;
import dev.antientropy.SyncStatus;
import dev.antientropy.SyncType;
import dev.antientropy.SyncerState;

/**
 * Records what the syncer does, in plain fields, and builds a {@link SyncStatus} from them when asked. Recording
 * allocates nothing, so a syncer running partial syncs back to back makes no garbage; the snapshot's records are
 * made by the caller of {@link #snapshot(int)}. Times are wall-clock nanoseconds since the epoch.
 */
public final class StatusRecorder {

    private static final long NONE = Long.MIN_VALUE;

    private final String name;

    /**
     * Guards every field below: the loop owner writes a few fields under it, {@link #snapshot} reads them all
     * under it, so a snapshot is consistent. Never held during a sync.
     */
    private final ReentrantLock lock = new ReentrantLock();
    private SyncerState state = SyncerState.NEW;
    private final Slot lastFull = new Slot();
    private final Slot lastPartial = new Slot();
    private long lastFullSuccess = NONE;
    private long fullSyncs;
    private long fullFailures;
    private long partialSyncs;
    private long partialFailures;
    private final FailureStreak fullStreak; // the one count of full syncs failed in a row
    private final FailureStreak partialStreak = new FailureStreak(); // the same, for partial syncs
    private long nextFullSyncDue = NONE;
    private @Nullable SyncType inFlightType;
    private long inFlightSince;
    private int clusterSize = 1;
    private int scaleFactor = 1;

    /**
     * Creates the recorder of a new syncer.
     *
     * @param name the syncer's name
     */
    public StatusRecorder(String name) {
        this(name, new FailureStreak());
    }

    /** A recorder whose full-sync streak is already running, for tests of saturation. */
    StatusRecorder(String name, FailureStreak fullStreak) {
        this.name = name;
        this.fullStreak = fullStreak;
    }

    /**
     * Builds a snapshot of everything recorded so far. Any thread.
     *
     * @param pauseDepth the pause depth to show
     * @return a consistent snapshot
     */
    public SyncStatus snapshot(int pauseDepth) {
        lock.lock();
        try {
            return new SyncStatus(name, state, pauseDepth, lastFull.result(SyncType.FULL),
                    lastPartial.result(SyncType.CHANGES), instant(lastFullSuccess), fullSyncs, fullFailures,
                    partialSyncs, partialFailures, fullStreak.count(), instant(nextFullSyncDue),
                    inFlightType == null ? null : new SyncInFlight(inFlightType, instant(inFlightSince)),
                    clusterSize, scaleFactor);
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Returns how many full syncs failed in a row since the last success. Any thread.
     *
     * @return the count, saturated at {@link Integer#MAX_VALUE}
     */
    public int consecutiveFullFailures() {
        lock.lock();
        try {
            return fullStreak.count();
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Records a state change; entering {@link SyncerState#DONE} clears the next due time and the sync in flight.
     *
     * @param next the state entered
     */
    public void state(SyncerState next) {
        lock.lock();
        try {
            state = next;
            if (next == SyncerState.DONE) {
                nextFullSyncDue = NONE;
                inFlightType = null;
            }
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Records when the next full sync is due, and the scale used to compute it.
     *
     * @param due the due time in epoch nanoseconds
     * @param size the cluster size read
     * @param factor its scale factor
     */
    public void nextFullSync(long due, int size, int factor) {
        lock.lock();
        try {
            nextFullSyncDue = due;
            clusterSize = size;
            scaleFactor = factor;
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Records that a sync starts; while a full sync runs, no next one is due.
     *
     * @param type which sync
     * @param at when it starts, in epoch nanoseconds
     */
    public void syncStarts(SyncType type, long at) {
        lock.lock();
        try {
            if (type == SyncType.FULL) {
                nextFullSyncDue = NONE;
            }
            inFlightType = type;
            inFlightSince = at;
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Records that a sync ended, and counts it in the failure streak of its type.
     *
     * @param type which sync
     * @param startedAt when it started, in epoch nanoseconds
     * @param durationNanos how long it ran
     * @param error the failure's message, {@code null} on success
     * @return on a failure, the syncs of this type failed in a row, this one included; on a success, the failures
     *     in a row it ended, 0 when none
     */
    public int finished(SyncType type, long startedAt, long durationNanos, @Nullable String error) {
        lock.lock();
        try {
            inFlightType = null;
            FailureStreak streak;
            if (type == SyncType.FULL) {
                lastFull.set(startedAt, durationNanos, error);
                fullSyncs++;
                if (error == null) {
                    lastFullSuccess = startedAt + durationNanos;
                }
                else {
                    fullFailures++;
                }
                streak = fullStreak;
            }
            else {
                lastPartial.set(startedAt, durationNanos, error);
                partialSyncs++;
                if (error != null) {
                    partialFailures++;
                }
                streak = partialStreak;
            }
            return error == null ? streak.succeeded() : streak.failed();
        }
        finally {
            lock.unlock();
        }
    }

    private static @Nullable Instant instant(long epochNanos) {
        return epochNanos == NONE ? null : Instant.ofEpochSecond(0, epochNanos);
    }

    /** The last finished sync of one type, as plain fields (the lock guards them). */
    private static final class Slot {

        private long startedAt = NONE;
        private long durationNanos;
        private @Nullable String error;

        void set(long startedAt, long durationNanos, @Nullable String error) {
            this.startedAt = startedAt;
            this.durationNanos = durationNanos;
            this.error = error;
        }

        @Nullable SyncResult result(SyncType type) {
            if (startedAt == NONE) {
                return null;
            }
            return new SyncResult(type, Instant.ofEpochSecond(0, startedAt), Duration.ofNanos(durationNanos),
                    error == null ? SyncOutcome.SUCCESS : SyncOutcome.FAILURE, error);
        }
    }
}
