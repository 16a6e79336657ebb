package dev.antientropy.micrometer;

import java.time.Duration;
import java.util.Objects;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import dev.antientropy.SyncType;

/**
 * The context of the {@code Observation} of one sync: which syncer, which type, and once it ended, how long it
 * ran and whether it failed. Made, filled and read on the syncer's thread.
 */
public class SyncObservationContext extends Observation.Context {

    private final String syncer;
    private final SyncType type;
    private @Nullable Duration duration; // syncer thread: set when the sync ended
    private @Nullable Throwable failure; // syncer thread: set when the sync ended
    private boolean metered; // syncer thread: set by the handler that recorded the timer

    /**
     * Creates the context of a sync about to start.
     *
     * @param syncer the syncer's name
     * @param type the sync's type
     */
    public SyncObservationContext(String syncer, SyncType type) {
        this.syncer = Objects.requireNonNull(syncer, "syncer");
        this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * Returns the syncer's name.
     *
     * @return the name
     */
    public String getSyncer() {
        return syncer;
    }

    /**
     * Returns the sync's type.
     *
     * @return the type
     */
    public SyncType getType() {
        return type;
    }

    /**
     * Returns how long the sync ran, as the syncer measured it.
     *
     * @return the duration, {@code null} while the sync runs
     */
    public @Nullable Duration getDuration() {
        return duration;
    }

    /**
     * Returns whether the sync ended.
     *
     * @return {@code true} once {@link #finished} was called
     */
    public boolean isFinished() {
        return duration != null;
    }

    /**
     * Returns why the sync failed.
     *
     * @return the failure, {@code null} while running or after a success
     */
    public @Nullable Throwable getFailure() {
        return failure;
    }

    /**
     * Returns the outcome tag value.
     *
     * @return {@value AntiEntropyMeters#SUCCESS} or {@value AntiEntropyMeters#FAILURE}, {@code null} while the
     *     sync runs
     */
    public @Nullable String getOutcome() {
        return isFinished() ? AntiEntropyMeters.outcome(failure != null) : null;
    }

    /**
     * Records how the sync ended; called by the listener before the observation stops.
     *
     * @param duration how long it ran
     * @param failure why it failed, {@code null} on success
     */
    void finished(Duration duration, @Nullable Throwable failure) {
        this.duration = duration;
        this.failure = failure;
    }

    /**
     * Tells whether the {@value AntiEntropyMeters#SYNC} timer has recorded this sync already.
     *
     * @return {@code true} once a {@link SyncMeterObservationHandler} recorded it
     */
    boolean isMetered() {
        return metered;
    }

    void markMetered() {
        metered = true;
    }
}
