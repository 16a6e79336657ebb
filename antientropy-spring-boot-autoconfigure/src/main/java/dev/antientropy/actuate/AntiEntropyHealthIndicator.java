package dev.antientropy.actuate;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncInFlight;
import dev.antientropy.SyncResult;
import dev.antientropy.SyncStatus;
import dev.antientropy.SyncerState;

/**
 * Health of the state syncers, contributed as {@code antientropy}. {@code UP} whatever the remote does, so that a
 * remote outage never makes a platform restart healthy nodes; {@code DOWN} when a syncer has stopped
 * ({@link SyncerState#DONE}) while the application runs, or when its consecutive failed full syncs reach its
 * {@code max-consecutive-failures} (when that is above 0). The details hold one entry per syncer: state, paused,
 * the last full and partial sync (outcome, when, error message), consecutive failures and the threshold, the
 * sync in flight and its age, and for a syncer that is down, why.
 *
 * <p>Thread-safe: it holds no state of its own and reads each syncer's status snapshot.
 */
public class AntiEntropyHealthIndicator implements HealthIndicator {

    private final Map<String, StateSyncer> syncers; // read-only view, fixed at construction
    private final BooleanSupplier applicationRunning;
    private final ToIntFunction<String> maxConsecutiveFailures;
    private final Clock clock;

    /**
     * Creates the indicator.
     *
     * @param syncers the syncers by name
     * @param applicationRunning whether the syncers should be running now (the context started them and has not
     *     stopped them); a stopped syncer is down only then
     * @param maxConsecutiveFailures the threshold of each syncer, by name; 0 or less never makes it down
     */
    public AntiEntropyHealthIndicator(Map<String, StateSyncer> syncers, BooleanSupplier applicationRunning,
            ToIntFunction<String> maxConsecutiveFailures) {
        this(syncers, applicationRunning, maxConsecutiveFailures, Clock.systemUTC());
    }

    AntiEntropyHealthIndicator(Map<String, StateSyncer> syncers, BooleanSupplier applicationRunning,
            ToIntFunction<String> maxConsecutiveFailures, Clock clock) {
        this.syncers = Objects.requireNonNull(syncers, "syncers");
        this.applicationRunning = Objects.requireNonNull(applicationRunning, "applicationRunning");
        this.maxConsecutiveFailures = Objects.requireNonNull(maxConsecutiveFailures, "maxConsecutiveFailures");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Health health() {
        boolean running = applicationRunning.getAsBoolean();
        Instant now = clock.instant();
        Health.Builder builder = Health.up();
        syncers.forEach((name, syncer) -> {
            SyncStatus status = syncer.status();
            int threshold = maxConsecutiveFailures.applyAsInt(name);
            String down = whyDown(status, running, threshold);
            if (down != null) {
                builder.status(Status.DOWN);
            }
            builder.withDetail(name, details(status, threshold, down, now));
        });
        return builder.build();
    }

    private static @Nullable String whyDown(SyncStatus status, boolean running, int threshold) {
        if (status.state() == SyncerState.DONE && running) {
            return "stopped while the application runs";
        }
        if (threshold > 0 && status.consecutiveFullSyncFailures() >= threshold) {
            return status.consecutiveFullSyncFailures() + " consecutive failed full syncs (max-consecutive-failures "
                    + threshold + ")";
        }
        return null;
    }

    private static Map<String, Object> details(SyncStatus status, int threshold, @Nullable String down,
            Instant now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", (down != null) ? Status.DOWN.getCode() : Status.UP.getCode());
        if (down != null) {
            details.put("reason", down);
        }
        details.put("state", status.state().name());
        details.put("paused", status.paused());
        putSync(details, "lastFullSync", status.lastFullSync());
        putSync(details, "lastPartialSync", status.lastPartialSync());
        details.put("consecutiveFullSyncFailures", status.consecutiveFullSyncFailures());
        details.put("maxConsecutiveFailures", Math.max(0, threshold));
        SyncInFlight inFlight = status.inFlight();
        if (inFlight != null) {
            Map<String, Object> sync = new LinkedHashMap<>();
            sync.put("type", SyncerDescriptor.typeName(inFlight.type()));
            sync.put("startedAt", inFlight.startedAt().toString());
            sync.put("runningForMillis", inFlight.runningFor(now).toMillis());
            details.put("inFlight", sync);
        }
        return details;
    }

    private static void putSync(Map<String, Object> details, String key, @Nullable SyncResult result) {
        SyncerDescriptor.SyncDescriptor sync = SyncerDescriptor.SyncDescriptor.of(result);
        if (sync == null) {
            return;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("outcome", sync.outcome());
        map.put("finishedAt", sync.finishedAt());
        if (sync.error() != null) {
            map.put("error", sync.error());
        }
        details.put(key, map);
    }
}
