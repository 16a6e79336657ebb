package dev.antientropy.micrometer;

import java.time.Duration;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the {@value AntiEntropyMeters#SYNC} timer from the {@code Observation} of a sync, with exactly the
 * tags {@code syncer}, {@code type}, {@code outcome} and the duration the syncer measured. It handles only
 * {@link SyncObservationContext}; ordered first among the meter handlers, it takes syncs away from a generic
 * handler such as Micrometer's {@code DefaultMeterObservationHandler}, which would make a second timer of the
 * same name with an {@code error} tag (a clash the Prometheus registry refuses). When no observation registry
 * reaches it (none configured, or the observation disabled), {@link ObservingSyncListener} calls
 * {@link SyncMeters#recordSync} itself, so the timer records every sync exactly once either way.
 *
 * <p>Register it before any other meter handler (the auto-configuration gives its bean the highest precedence).
 * Called on the syncer threads; thread-safe.
 */
public class SyncMeterObservationHandler implements MeterObservationHandler<SyncObservationContext> {

    private static final Logger log = LoggerFactory.getLogger(SyncMeterObservationHandler.class);

    private final SyncMeters meters;
    private volatile boolean warned; // any syncer thread: the clash is logged once

    /**
     * Creates the handler.
     *
     * @param meters where the timer is
     */
    public SyncMeterObservationHandler(SyncMeters meters) {
        this.meters = meters;
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof SyncObservationContext;
    }

    @Override
    public void onStop(SyncObservationContext context) {
        Duration duration = context.getDuration();
        if (duration == null || context.isMetered()) {
            return;
        }
        context.markMetered();
        meters.recordSync(context.getSyncer(), context.getType(), duration, context.getFailure() != null);
        if (context.get(Timer.Sample.class) != null && !warned) {
            warned = true;
            log.warn("syncer '{}': another meter handler also times syncs, making a second '{}' timer; put "
                    + "SyncMeterObservationHandler first among the meter observation handlers", context.getSyncer(),
                    AntiEntropyMeters.SYNC);
        }
    }
}
