package dev.antientropy;

/**
 * Where this node stands in its fleet: slot {@code rank} of {@code size} evenly spaced slots. With rank spread the
 * syncer places its periodic full syncs at {@code rank / size} of the period, so that the fleet's full syncs fall
 * evenly over time instead of at random. Any numbering that gives the fleet's members different, evenly used slots
 * works: a StatefulSet's ordinals out of its replicas, or, from a membership list that changes, a
 * {@link FleetRing} position (what the Spring module computes from the instance ids that discovery lists).
 *
 * @param rank this node's zero-based slot, {@code 0 <= rank < size}
 * @param size the number of slots, normally the number of members, at least 1
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
