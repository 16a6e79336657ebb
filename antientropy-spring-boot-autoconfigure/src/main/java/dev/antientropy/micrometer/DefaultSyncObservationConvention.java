package dev.antientropy.micrometer;

import io.micrometer.common.KeyValues;

/**
 * The default convention: name {@value AntiEntropyMeters#SYNC}, contextual name {@code antientropy full sync} or
 * {@code antientropy changes sync}, low-cardinality keys {@code syncer}, {@code type} and, once the sync ended,
 * {@code outcome}. No high-cardinality keys: the failure itself goes to the observation as its error.
 */
public class DefaultSyncObservationConvention implements SyncObservationConvention {

    /** The shared instance. */
    public static final DefaultSyncObservationConvention INSTANCE = new DefaultSyncObservationConvention();

    @Override
    public String getName() {
        return AntiEntropyMeters.SYNC;
    }

    @Override
    public String getContextualName(SyncObservationContext context) {
        return "antientropy " + AntiEntropyMeters.type(context.getType()) + " sync";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(SyncObservationContext context) {
        KeyValues keyValues = KeyValues.of(AntiEntropyMeters.SYNCER, context.getSyncer(), AntiEntropyMeters.TYPE,
                AntiEntropyMeters.type(context.getType()));
        String outcome = context.getOutcome();
        return (outcome != null) ? keyValues.and(AntiEntropyMeters.OUTCOME, outcome) : keyValues;
    }
}
