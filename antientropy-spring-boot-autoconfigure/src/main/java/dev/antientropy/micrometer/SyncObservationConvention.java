package dev.antientropy.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code Observation} of a sync. Declare a bean of this type to change what tracing shows;
 * the {@value AntiEntropyMeters#SYNC} timer keeps its own fixed name and tags whatever the convention says.
 */
public interface SyncObservationConvention extends ObservationConvention<SyncObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof SyncObservationContext;
    }
}
