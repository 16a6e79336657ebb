package dev.antientropy;

/**
 * Where this node stands in its fleet: its rank among the fleet's members, sorted by a key that every member
 * sees the same way (in the Spring module: the instance ids that discovery lists). With rank spread the syncer
 * places its periodic full syncs at {@code rank / size} of the period, so that the fleet's full syncs fall
 * evenly over time instead of at random.
 *
 * @param rank this node's zero-based rank, {@code 0 <= rank < size}
 * @param size the number of members ranked, at least 1
 */
public record FleetPosition(int rank, int size) {

    /**
     * Checks the parts.
     *
     * @param rank this node's zero-based rank
     * @param size the number of members ranked
     * @throws IllegalArgumentException when size is below 1 or rank outside {@code [0, size)}
     */
    public FleetPosition {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, was " + size);
        }
        if (rank < 0 || rank >= size) {
            throw new IllegalArgumentException("rank must be in [0, " + size + "), was " + rank);
        }
    }

    /**
     * Returns this node's place as a fraction of the fleet.
     *
     * @return {@code rank / size}, in {@code [0, 1)}
     */
    public double fraction() {
        return (double) rank / size;
    }
}
