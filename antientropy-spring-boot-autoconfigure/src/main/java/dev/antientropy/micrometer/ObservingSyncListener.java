package dev.antientropy.micrometer;

import java.time.Duration;
import java.util.Objects;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.antientropy.SyncListener;
import dev.antientropy.SyncType;

/**
 * Observes one syncer: counts its requests on {@value AntiEntropyMeters#TRIGGERS}, and wraps each sync in an
 * {@code Observation} named {@value AntiEntropyMeters#SYNC}, started in {@link #syncStarted} and stopped in
 * {@link #syncFinished} on the syncer's thread, with its scope open in between, so that code inside the sync
 * (and a tracer) sees it as the current observation. The {@value AntiEntropyMeters#SYNC} timer is recorded once
 * per sync: by a {@link SyncMeterObservationHandler} when the observation registry has one, otherwise here.
 *
 * <pre>{@code
 * SyncMeters meters = new SyncMeters(meterRegistry);
 * StateSyncer syncer = StateSyncer.builder(state)
 *         .name("catalog")
 *         .listener(new ObservingSyncListener("catalog", observationRegistry, null, meters))
 *         .build();
 * meters.bindGauges(syncer);
 * }</pre>
 *
 * <p>One instance per syncer. {@link #syncRequested} runs on any thread and only touches thread-safe meters;
 * the other methods run on the syncer's thread, which owns the observation fields.
 */
public final class ObservingSyncListener implements SyncListener {

    private final String syncer;
    private final ObservationRegistry registry;
    private final @Nullable SyncObservationConvention convention;
    private final @Nullable SyncMeters meters;

    private @Nullable Observation observation; // syncer thread: the sync in flight
    private Observation.@Nullable Scope scope; // syncer thread: opened in syncStarted, closed in syncFinished
    private @Nullable SyncObservationContext context; // syncer thread

    /**
     * Creates the listener of one syncer and registers its timers and counters.
     *
     * @param syncer the syncer's name
     * @param registry where the observations go; {@link ObservationRegistry#NOOP} for none
     * @param convention a convention of the application's own, {@code null} for the default one
     * @param meters where the meters go, {@code null} for observations only
     */
    public ObservingSyncListener(String syncer, ObservationRegistry registry,
            @Nullable SyncObservationConvention convention, @Nullable SyncMeters meters) {
        this.syncer = Objects.requireNonNull(syncer, "syncer");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.convention = convention;
        this.meters = meters;
        if (meters != null) {
            meters.register(syncer);
        }
    }

    @Override
    public void syncRequested(String syncer, SyncType type, boolean coalesced) {
        if (meters != null) {
            meters.recordRequest(this.syncer, type, coalesced);
        }
    }

    @Override
    public void syncStarted(String syncer, SyncType type) {
        endObservation(); // a sync whose end we did not hear: never leave a scope open on this thread
        SyncObservationContext started = new SyncObservationContext(this.syncer, type);
        Observation created = Observation.createNotStarted(convention, DefaultSyncObservationConvention.INSTANCE,
                () -> started, registry);
        context = started;
        observation = created.start();
        scope = created.openScope();
    }

    @Override
    public void syncFinished(String syncer, SyncType type, Duration duration, @Nullable Throwable failure) {
        SyncObservationContext finished = context;
        if (finished == null || finished.getType() != type) {
            endObservation();
            recordDirectly(type, duration, failure != null);
            return;
        }
        finished.finished(duration, failure);
        Observation current = Objects.requireNonNull(observation);
        if (failure != null) {
            current.error(failure);
        }
        endObservation();
        if (!finished.isMetered()) {
            recordDirectly(type, duration, failure != null);
        }
    }

    private void endObservation() {
        Observation.Scope openScope = scope;
        Observation current = observation;
        scope = null;
        observation = null;
        context = null;
        if (openScope != null) {
            openScope.close();
        }
        if (current != null) {
            current.stop();
        }
    }

    private void recordDirectly(SyncType type, Duration duration, boolean failed) {
        if (meters != null) {
            meters.recordSync(syncer, type, duration, failed);
        }
    }
}
