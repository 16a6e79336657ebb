package dev.antientropy.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncInFlight;
import dev.antientropy.SyncResult;
import dev.antientropy.SyncSettings;
import dev.antientropy.SyncStatus;
import dev.antientropy.SyncType;

/**
 * The status of one syncer as the {@code antientropy} endpoint shows it, read by people and by scripts alike:
 * times are ISO-8601 strings (UTC), durations are whole milliseconds with {@code Millis} in the field name,
 * sync types are {@code full} or {@code changes}, outcomes {@code success} or {@code failure}, the state is the
 * name of the {@link dev.antientropy.SyncerState} constant. Absent parts are {@code null}, which Actuator's
 * JSON leaves out: no {@code inFlight} while idle, no {@code error} after a success.
 *
 * @param name the syncer's name
 * @param state the current state, such as {@code PARTIAL_SYNC}
 * @param paused whether sync runs are paused
 * @param pauseDepth how many pauses are not yet matched by a resume
 * @param lastFullSync the last finished full sync, {@code null} before one ended
 * @param lastPartialSync the last finished partial sync, {@code null} before one ended
 * @param lastFullSyncSuccess when the last successful full sync finished, {@code null} before one succeeded
 * @param counts how many syncs ran and failed
 * @param consecutiveFullSyncFailures how many full syncs failed in a row since the last success
 * @param nextFullSyncDue when the next full sync is due, {@code null} before start and once stopped
 * @param inFlight the sync running now, {@code null} when none is
 * @param timing the effective timing
 */
public record SyncerDescriptor(
        String name,
        String state,
        boolean paused,
        int pauseDepth,
        @Nullable SyncDescriptor lastFullSync,
        @Nullable SyncDescriptor lastPartialSync,
        @Nullable String lastFullSyncSuccess,
        CountsDescriptor counts,
        int consecutiveFullSyncFailures,
        @Nullable String nextFullSyncDue,
        @Nullable InFlightDescriptor inFlight,
        TimingDescriptor timing) implements OperationResponseBody {

    /**
     * Describes a syncer as it is now.
     *
     * @param syncer the syncer
     * @param now the time to measure the sync in flight against
     * @return a snapshot of its status and settings
     */
    public static SyncerDescriptor of(StateSyncer syncer, Instant now) {
        SyncStatus status = syncer.status();
        SyncInFlight inFlight = status.inFlight();
        return new SyncerDescriptor(status.name(), status.state().name(), status.paused(), status.pauseDepth(),
                SyncDescriptor.of(status.lastFullSync()), SyncDescriptor.of(status.lastPartialSync()),
                time(status.lastFullSyncSuccess()),
                new CountsDescriptor(status.fullSyncs(), status.fullSyncFailures(), status.partialSyncs(),
                        status.partialSyncFailures()),
                status.consecutiveFullSyncFailures(), time(status.nextFullSyncDue()),
                (inFlight != null) ? new InFlightDescriptor(typeName(inFlight.type()), time(inFlight.startedAt()),
                        inFlight.runningFor(now).toMillis()) : null,
                TimingDescriptor.of(syncer.settings(), status));
    }

    static String typeName(SyncType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    static @Nullable String time(@Nullable Instant instant) {
        return (instant != null) ? instant.toString() : null;
    }

    /**
     * One finished sync.
     *
     * @param type {@code full} or {@code changes}
     * @param startedAt when it started
     * @param finishedAt when it finished
     * @param durationMillis how long it ran
     * @param outcome {@code success} or {@code failure}
     * @param error why it failed (the exception's message, without class names), {@code null} on success
     */
    public record SyncDescriptor(String type, String startedAt, String finishedAt, long durationMillis,
            String outcome, @Nullable String error) {

        static @Nullable SyncDescriptor of(@Nullable SyncResult result) {
            if (result == null) {
                return null;
            }
            return new SyncDescriptor(typeName(result.type()), result.startedAt().toString(),
                    result.finishedAt().toString(), result.duration().toMillis(),
                    result.outcome().name().toLowerCase(Locale.ROOT), ErrorMessages.clean(result.error()));
        }
    }

    /**
     * How many syncs ran.
     *
     * @param fullSyncs full syncs run, successes and failures
     * @param fullSyncFailures full syncs failed
     * @param partialSyncs partial syncs run, successes and failures
     * @param partialSyncFailures partial syncs failed
     */
    public record CountsDescriptor(long fullSyncs, long fullSyncFailures, long partialSyncs,
            long partialSyncFailures) {
    }

    /**
     * The sync running now.
     *
     * @param type {@code full} or {@code changes}
     * @param startedAt when it started
     * @param runningForMillis how long it has been running when the status was taken
     */
    public record InFlightDescriptor(String type, String startedAt, long runningForMillis) {
    }

    /**
     * The effective timing of a syncer: its settings, the cluster size and scale factor {@code f} read for its
     * last computed delay, and the windows they give.
     *
     * @param intervalMillis period of the self-healing full sync
     * @param serverUpIntervalMillis stagger base of a requested full sync
     * @param retryFailIntervalMillis delay before a failed full sync is retried (before back-off)
     * @param syncTimeoutMillis longest a sync may run, {@code null} for no limit
     * @param startupStaggerMillis stagger base of the first full sync
     * @param retryBackoffMultiplier factor applied to the retry delay after each further failure
     * @param retryBackoffMaxIntervalMillis cap of the backed-off retry delay
     * @param scaleThreshold cluster size up to which delays are not stretched
     * @param clusterSize the cluster size read last
     * @param scaleFactor the scale factor {@code f} of that size
     * @param windows the windows the next syncs fall in
     */
    public record TimingDescriptor(long intervalMillis, long serverUpIntervalMillis, long retryFailIntervalMillis,
            @Nullable Long syncTimeoutMillis, long startupStaggerMillis, double retryBackoffMultiplier,
            long retryBackoffMaxIntervalMillis, int scaleThreshold, int clusterSize, int scaleFactor,
            WindowsDescriptor windows) {

        static TimingDescriptor of(SyncSettings settings, SyncStatus status) {
            int f = status.scaleFactor();
            Duration syncTimeout = settings.syncTimeout();
            return new TimingDescriptor(settings.interval().toMillis(), settings.serverUpInterval().toMillis(),
                    settings.retryFailInterval().toMillis(), (syncTimeout != null) ? syncTimeout.toMillis() : null,
                    settings.startupStagger().toMillis(), settings.retryBackoffMultiplier(),
                    settings.retryBackoffMaxInterval().toMillis(), settings.scaleThreshold(), status.clusterSize(), f,
                    new WindowsDescriptor(
                            WindowDescriptor.after(settings.interval(), f),
                            WindowDescriptor.after(settings.retryFailInterval(), f),
                            WindowDescriptor.within(settings.serverUpInterval(), f),
                            WindowDescriptor.within(settings.startupStagger(), f)));
        }
    }

    /**
     * The windows the next syncs fall in, at the current scale factor {@code f}.
     *
     * @param periodicFullSync after the last full sync ended: {@code [interval, interval * (1 + f))}
     * @param retryFullSync after a first failed full sync: {@code [retry, retry * (1 + f))}
     * @param requestedFullSync after a request: {@code [0, serverUpInterval * f)}
     * @param startup after start: {@code [0, startupStagger * f)}
     */
    public record WindowsDescriptor(WindowDescriptor periodicFullSync, WindowDescriptor retryFullSync,
            WindowDescriptor requestedFullSync, WindowDescriptor startup) {
    }

    /**
     * A half-open window of delays.
     *
     * @param fromMillis the shortest delay
     * @param toMillis the bound of the delay, exclusive (equal to {@code fromMillis} when there is no stagger)
     */
    public record WindowDescriptor(long fromMillis, long toMillis) {

        static WindowDescriptor after(Duration base, int factor) {
            return new WindowDescriptor(base.toMillis(), base.multipliedBy(1L + factor).toMillis());
        }

        static WindowDescriptor within(Duration base, int factor) {
            return new WindowDescriptor(0, base.multipliedBy(factor).toMillis());
        }
    }
}
