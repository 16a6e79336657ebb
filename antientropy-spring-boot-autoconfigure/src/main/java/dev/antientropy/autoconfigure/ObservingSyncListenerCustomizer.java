package dev.antientropy.autoconfigure;

import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.antientropy.StateSyncer;
import dev.antientropy.micrometer.ObservingSyncListener;
import dev.antientropy.micrometer.SyncMeters;
import dev.antientropy.micrometer.SyncObservationConvention;

/**
 * Adds an {@link ObservingSyncListener} to every syncer the auto-configuration builds. The observation registry
 * is looked up when the first syncer is built, not before: it is ready by then and nothing depends on it earlier.
 * Called on the thread that creates the beans.
 */
final class ObservingSyncListenerCustomizer implements StateSyncerBuilderCustomizer {

    private final Supplier<ObservationRegistry> registry;
    private final @Nullable SyncObservationConvention convention;
    private final @Nullable SyncMeters meters;

    ObservingSyncListenerCustomizer(Supplier<ObservationRegistry> registry,
            @Nullable SyncObservationConvention convention, @Nullable SyncMeters meters) {
        this.registry = registry;
        this.convention = convention;
        this.meters = meters;
    }

    @Override
    public void customize(String name, StateSyncer.Builder builder) {
        builder.listener(new ObservingSyncListener(name, registry.get(), convention, meters));
    }
}
