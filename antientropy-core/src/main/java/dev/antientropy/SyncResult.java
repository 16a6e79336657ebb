package dev.antientropy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one finished sync.
 *
 * @param type which sync ran
 * @param startedAt when it started (wall clock)
 * @param duration how long it ran
 * @param outcome whether it succeeded
 * @param error the failure's message when it failed ({@link #NO_MESSAGE} when it has none), {@code null} when it
 *     succeeded
 */
public record SyncResult(SyncType type, Instant startedAt, Duration duration, SyncOutcome outcome,
        @Nullable String error) {

    /** The {@link #error()} of a failure whose exception carries no message. */
    public static final String NO_MESSAGE = "failed without a message";

    /**
     * Checks the parts.
     *
     * @param type which sync ran
     * @param startedAt when it started (wall clock)
     * @param duration how long it ran
     * @param outcome whether it succeeded
     * @param error the failure's message when it failed, {@code null} when it succeeded
     * @throws IllegalArgumentException when a part breaks its rule
     */
    public SyncResult {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(outcome, "outcome");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
        if ((outcome == SyncOutcome.FAILURE) != (error != null)) {
            throw new IllegalArgumentException("a failure has an error message and a success has none");
        }
    }

    /**
     * Returns when the sync finished.
     *
     * @return {@code startedAt + duration}
     */
    public Instant finishedAt() {
        return startedAt.plus(duration);
    }

    /**
     * Returns whether the sync succeeded.
     *
     * @return {@code true} for {@link SyncOutcome#SUCCESS}
     */
    public boolean succeeded() {
        return outcome == SyncOutcome.SUCCESS;
    }
}
