package dev.antientropy;

import java.util.Optional;

/**
 * Supplies this node's {@link FleetPosition} for rank spread. Read on the syncer's thread each time a full
 * sync is placed, so it must return at once (keep the answer of a slow membership service in a field and
 * refresh it elsewhere) and be thread-safe.
 */
@FunctionalInterface
public interface FleetPositionProvider {

    /**
     * Returns this node's current position in its fleet.
     *
     * @return the position, or empty when this node cannot find itself among the members (the syncer then
     *         falls back to a random stagger)
     */
    Optional<FleetPosition> position();
}
