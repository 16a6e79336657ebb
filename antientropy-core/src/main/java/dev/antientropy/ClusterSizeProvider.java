package dev.antientropy;

import java.util.function.IntSupplier;

/**
 * Supplies the number of nodes in the cluster, which stretches every delay of the syncer (see
 * {@link StateSyncer#scaleFactor(int)}). Read afresh each time a delay is computed, on the syncer's thread,
 * so it must be cheap and thread-safe. Being an {@link IntSupplier}, it can be passed to
 * {@link StateSyncer.Builder#clusterSize(IntSupplier)} as it is.
 */
@FunctionalInterface
public interface ClusterSizeProvider extends IntSupplier {

    /**
     * Returns the current number of nodes in the cluster.
     *
     * @return the cluster size; values below 1 count as 1
     */
    int clusterSize();

    /**
     * Returns {@link #clusterSize()}.
     *
     * @return the cluster size
     */
    @Override
    default int getAsInt() {
        return clusterSize();
    }
}
