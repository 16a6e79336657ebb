package dev.antientropy.actuate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.antientropy.StateSyncer;
import dev.antientropy.SyncerState;

/**
 * Health of one state syncer, {@code /actuator/health/antientropy/NAME}. {@code UP} whatever the remote does, so
 * that a remote outage never makes a platform restart healthy nodes; {@code DOWN} when the syncer has stopped
 * ({@link SyncerState#DONE}) while the application runs, or when its consecutive failed full syncs reach its
 * {@code max-consecutive-failures} (when that is above 0).
 *
 * <p>The details are the parts of the endpoint's {@link SyncerDescriptor} that say how the syncer is doing, with
 * the same names and formats: {@code state}, {@code paused}, {@code pauseDepth}, {@code lastFullSync},
 * {@code lastPartialSync}, {@code lastFullSyncSuccess}, {@code consecutiveFullSyncFailures},
 * {@code nextFullSyncDue} and {@code inFlight} (each left out while absent), then {@code maxConsecutiveFailures}
 * and, when down, {@code reason}.
 *
 * <p>Thread-safe: it holds no state of its own and reads the syncer's status snapshot.
 */
public class SyncerHealthIndicator implements HealthIndicator {

    private final StateSyncer syncer;
    private final BooleanSupplier applicationRunning;
    private final int maxConsecutiveFailures;
    private final Clock clock;

    /**
     * Creates the indicator.
     *
     * @param syncer the syncer
     * @param applicationRunning whether the syncer should be running now (the context started it and has not
     *     stopped it); a stopped syncer is down only then
     * @param maxConsecutiveFailures the syncer's threshold of consecutive failed full syncs; 0 or less never makes
     *     it down
     */
    public SyncerHealthIndicator(StateSyncer syncer, BooleanSupplier applicationRunning,
            int maxConsecutiveFailures) {
        this(syncer, applicationRunning, maxConsecutiveFailures, Clock.systemUTC());
    }

    SyncerHealthIndicator(StateSyncer syncer, BooleanSupplier applicationRunning, int maxConsecutiveFailures,
            Clock clock) {
        this.syncer = Objects.requireNonNull(syncer, "syncer");
        this.applicationRunning = Objects.requireNonNull(applicationRunning, "applicationRunning");
        this.maxConsecutiveFailures = Math.max(0, maxConsecutiveFailures);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Health health() {
        boolean running = applicationRunning.getAsBoolean();
        SyncerDescriptor descriptor = SyncerDescriptor.of(syncer, clock.instant());
        String down = whyDown(descriptor, running);
        Health.Builder builder = (down != null) ? Health.down() : Health.up();
        return builder.withDetails(details(descriptor, down)).build();
    }

    private @Nullable String whyDown(SyncerDescriptor descriptor, boolean running) {
        if (SyncerState.DONE.name().equals(descriptor.state()) && running) {
            return "stopped while the application runs";
        }
        int failures = descriptor.consecutiveFullSyncFailures();
        if (maxConsecutiveFailures > 0 && failures >= maxConsecutiveFailures) {
            return failures + " consecutive failed full syncs (max-consecutive-failures " + maxConsecutiveFailures
                    + ")";
        }
        return null;
    }

    private Map<String, Object> details(SyncerDescriptor descriptor, @Nullable String down) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", descriptor.state());
        details.put("paused", descriptor.paused());
        details.put("pauseDepth", descriptor.pauseDepth());
        putPresent(details, "lastFullSync", descriptor.lastFullSync());
        putPresent(details, "lastPartialSync", descriptor.lastPartialSync());
        putPresent(details, "lastFullSyncSuccess", descriptor.lastFullSyncSuccess());
        details.put("consecutiveFullSyncFailures", descriptor.consecutiveFullSyncFailures());
        putPresent(details, "nextFullSyncDue", descriptor.nextFullSyncDue());
        putPresent(details, "inFlight", descriptor.inFlight());
        details.put("maxConsecutiveFailures", maxConsecutiveFailures);
        putPresent(details, "reason", down);
        return details;
    }

    private static void putPresent(Map<String, Object> details, String key, @Nullable Object value) {
        if (value != null) {
            details.put(key, value);
        }
    }
}
