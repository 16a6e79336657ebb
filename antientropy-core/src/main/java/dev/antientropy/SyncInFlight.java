package dev.antientropy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A sync that is running now. Its start time makes a hung {@link SyncState} visible, with or without a
 * {@linkplain StateSyncer.Builder#syncTimeout(Duration) timeout}.
 *
 * @param type which sync is running
 * @param startedAt when it started (wall clock)
 */
public record SyncInFlight(SyncType type, Instant startedAt) {

    /**
     * Checks the parts.
     *
     * @param type which sync is running
     * @param startedAt when it started (wall clock)
     */
    public SyncInFlight {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /**
     * Returns how long the sync has been running at the given time.
     *
     * @param now the time to measure at
     * @return the time since {@link #startedAt()}, never negative
     */
    public Duration runningFor(Instant now) {
        Duration age = Duration.between(startedAt, now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
